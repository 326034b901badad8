package io.costslo.app.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Quantile of a cumulative bucketed histogram by linear interpolation inside the bucket that holds
 * the rank, with the semantics of PromQL's histogram_quantile, so the pod-scrape source and the
 * Prometheus source agree on the same data.
 */
public final class HistogramQuantile {

  /** One cumulative bucket: observations ≤ upperBound. */
  public record Bucket(double upperBound, double cumulativeCount) {}

  private HistogramQuantile() {}

  /**
   * @return empty when the histogram holds no observations (nothing to rank); NaN when the buckets
   *     are unusable (no +Inf bucket, NaN counts), as PromQL gives
   */
  public static OptionalDouble of(double q, List<Bucket> buckets) {
    if (Double.isNaN(q)) {
      return OptionalDouble.of(Double.NaN);
    }
    if (q < 0) {
      return OptionalDouble.of(Double.NEGATIVE_INFINITY);
    }
    if (q > 1) {
      return OptionalDouble.of(Double.POSITIVE_INFINITY);
    }
    List<Bucket> sorted = new ArrayList<>(buckets);
    sorted.sort(Comparator.comparingDouble(Bucket::upperBound));
    if (sorted.size() < 2 || sorted.get(sorted.size() - 1).upperBound() != Double.POSITIVE_INFINITY) {
      return OptionalDouble.of(Double.NaN);
    }
    // Cumulative counts must not fall; float noise or a mid-scrape reset can break that, and
    // histogram_quantile repairs it the same way: carry the running maximum.
    double running = 0;
    for (int i = 0; i < sorted.size(); i++) {
      Bucket b = sorted.get(i);
      if (Double.isNaN(b.cumulativeCount())) {
        return OptionalDouble.of(Double.NaN);
      }
      running = Math.max(running, b.cumulativeCount());
      sorted.set(i, new Bucket(b.upperBound(), running));
    }
    double total = sorted.get(sorted.size() - 1).cumulativeCount();
    if (total == 0) {
      return OptionalDouble.empty();
    }
    double rank = q * total;
    int i = 0;
    while (i < sorted.size() - 1 && sorted.get(i).cumulativeCount() < rank) {
      i++;
    }
    if (i == sorted.size() - 1) {
      // Rank in the +Inf bucket: the best bound known is the highest finite one.
      return OptionalDouble.of(sorted.get(sorted.size() - 2).upperBound());
    }
    Bucket hit = sorted.get(i);
    if (i == 0 && hit.upperBound() <= 0) {
      return OptionalDouble.of(hit.upperBound());
    }
    double lower = i == 0 ? 0 : sorted.get(i - 1).upperBound();
    double countBelow = i == 0 ? 0 : sorted.get(i - 1).cumulativeCount();
    double inBucket = hit.cumulativeCount() - countBelow;
    return OptionalDouble.of(lower + (hit.upperBound() - lower) * ((rank - countBelow) / inBucket));
  }
}
