package io.costslo.app.metrics;

import static io.costslo.app.metrics.MetricsReasons.IMPLAUSIBLE_METRICS;

import io.costslo.core.metrics.MetricsUnavailableException;
import java.util.Locale;
import java.util.Map;

/**
 * Readings that are present but cannot be true are refused like missing ones (the plan holds): a
 * cumulative histogram whose count falls as {@code le} rises (the p99 would be read from the wrong
 * bucket, e.g. 1 ms instead of 0.5 s), a {@code +Inf} bucket that differs from {@code _count}, and
 * a pod producing more output tokens per second than its largest batch at its fastest iteration.
 */
final class HistogramChecks {
  /** Counts are integers exported as floats; allow rounding noise only. */
  private static final double SLACK = 1e-6;

  private HistogramChecks() {}

  /** Cumulative counts by upper bound (sorted), monotone, and the +Inf bucket equal to {@code count}. */
  static void requireConsistent(String pod, String histogram, Map<Double, Double> buckets, double count)
      throws MetricsUnavailableException {
    requireMonotone(pod, histogram, buckets);
    Double inf = buckets.get(Double.POSITIVE_INFINITY);
    if (inf == null) {
      throw new MetricsUnavailableException(IMPLAUSIBLE_METRICS,
          "pod " + pod + ": " + histogram + " has no +Inf bucket");
    }
    if (Math.abs(inf - count) > SLACK * Math.max(1, Math.abs(count))) {
      throw new MetricsUnavailableException(IMPLAUSIBLE_METRICS, String.format(Locale.ROOT,
          "pod %s: %s +Inf bucket (%.0f) differs from %s_count (%.0f)", pod, histogram, inf, histogram, count));
    }
  }

  /** Buckets in ascending {@code le} order (a TreeMap) must not fall. */
  static void requireMonotone(String pod, String histogram, Map<Double, Double> buckets)
      throws MetricsUnavailableException {
    double previous = 0;
    double previousLe = Double.NEGATIVE_INFINITY;
    for (Map.Entry<Double, Double> b : buckets.entrySet()) {
      if (b.getKey() < previousLe) {
        throw new IllegalArgumentException("buckets must be sorted by le");
      }
      if (b.getValue() < previous - SLACK * Math.max(1, previous)) {
        throw new MetricsUnavailableException(IMPLAUSIBLE_METRICS, String.format(Locale.ROOT,
            "pod %s: %s buckets fall as le rises (le=%s holds %.0f, le=%s holds %.0f)", pod, histogram,
            previousLe, previous, b.getKey(), b.getValue()));
      }
      previous = Math.max(previous, b.getValue());
      previousLe = b.getKey();
    }
  }

  static void requirePossibleRate(String pod, double outputTokensPerSecond, double max)
      throws MetricsUnavailableException {
    if (outputTokensPerSecond > max) {
      throw new MetricsUnavailableException(IMPLAUSIBLE_METRICS, String.format(Locale.ROOT,
          "pod %s reports %.3g output tokens/s, more than one replica can produce (%.3g)", pod,
          outputTokensPerSecond, max));
    }
  }
}
