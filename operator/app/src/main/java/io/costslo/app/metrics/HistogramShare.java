package io.costslo.app.metrics;

import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.units.Durations;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Share of a window's observations at or below a threshold, read from the increase of cumulative
 * buckets over the window: linear inside the bucket that holds the threshold, as
 * {@link HistogramQuantile} (and PromQL's histogram_quantile) interpolates, so the attainment and
 * the quantile agree on the same data. A threshold above the highest finite bound counts only what
 * that bound holds: what sits in {@code +Inf} may be anywhere above it, and a share is never
 * claimed that the buckets cannot show.
 */
final class HistogramShare {

  private HistogramShare() {}

  /**
   * The window's attainment: the smaller of the shares of first tokens within the TTFT objective and
   * of token gaps within the ITL objective (each is judged on its own). A figure with no new
   * observation, or no objective in the query, is left out; with neither there is no attainment.
   */
  static OptionalDouble attainment(MetricsQuery query, Map<Double, Double> ttft, Map<Double, Double> itl) {
    OptionalDouble t = query.ttftObjective().map(o -> within(ttft, Durations.seconds(o))).orElse(OptionalDouble.empty());
    OptionalDouble i = query.itlObjective().map(o -> within(itl, Durations.seconds(o))).orElse(OptionalDouble.empty());
    if (t.isEmpty() || i.isEmpty()) {
      return t.isPresent() ? t : i;
    }
    return OptionalDouble.of(Math.min(t.getAsDouble(), i.getAsDouble()));
  }

  /**
   * @param before cumulative counts by {@code le} at the start of the window
   * @param after the same at its end
   * @return empty when the window holds no new observation, when a bucket went down (the counter
   *     reset: the difference is not the window's), or when there is no {@code +Inf} bucket
   */
  static OptionalDouble between(Map<Double, Double> before, Map<Double, Double> after, double threshold) {
    TreeMap<Double, Double> delta = new TreeMap<>();
    for (Map.Entry<Double, Double> e : after.entrySet()) {
      double d = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
      if (d < 0 || Double.isNaN(d)) {
        return OptionalDouble.empty();
      }
      delta.put(e.getKey(), d);
    }
    return within(delta, threshold);
  }

  /** The share of the observations counted in {@code buckets} (cumulative, per {@code le}) that are ≤ threshold. */
  static OptionalDouble within(Map<Double, Double> buckets, double threshold) {
    NavigableMap<Double, Double> sorted = new TreeMap<>(buckets);
    Double total = sorted.get(Double.POSITIVE_INFINITY);
    if (total == null || !(total > 0) || Double.isNaN(threshold)) {
      return OptionalDouble.empty();
    }
    double lower = 0;
    double countBelow = 0;
    for (Map.Entry<Double, Double> b : sorted.entrySet()) {
      double le = b.getKey();
      // Carry the running maximum, as histogram_quantile repairs float noise in cumulative counts.
      double count = Math.min(total, Math.max(countBelow, b.getValue()));
      if (le == Double.POSITIVE_INFINITY) {
        break;
      }
      if (threshold <= le) {
        // The first bucket starts at 0, as in histogram_quantile; a degenerate bucket counts whole.
        double fraction = le <= lower ? 1 : Math.max(0, Math.min(1, (threshold - lower) / (le - lower)));
        return OptionalDouble.of((countBelow + (count - countBelow) * fraction) / total);
      }
      lower = le;
      countBelow = count;
    }
    return OptionalDouble.of(countBelow / total);
  }
}
