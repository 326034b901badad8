package io.costslo.sim.engine;

import java.util.Arrays;

/**
 * Latencies in logarithmic buckets of a fixed relative width (like HdrHistogram; vLLM's own histograms
 * are far coarser), from 10 us to ~28 h, plus a count of infinite values (requests that never got a
 * token). A value is represented by its bucket's geometric midpoint, so a percentile is within half a
 * bucket width of the exact nearest-rank one. Adding an arithmetic run of values costs one operation per
 * bucket it spans, which is what lets the simulator count every token of a skipped run of decode steps.
 */
final class LatencyHistogram {
  private static final double MIN = 1e-5;
  /** Bucket bounds per relative width, computed once (a run creates hundreds of histograms). */
  private static final java.util.concurrent.ConcurrentHashMap<Double, Layout> LAYOUTS =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final double logBase;
  private final double[] upper;
  private final double[] mid;
  private final long[] counts;
  private long infinite;
  private long total;
  /** Buckets above this one count in {@link #above} (see {@link #trackAbove}); none by default. */
  private int aboveFrom = Integer.MAX_VALUE;
  private long above;
  private int lo = Integer.MAX_VALUE;
  private int hi = -1;

  /** @param relativeWidth bucket width relative to its lower bound, e.g. 0.01 */
  LatencyHistogram(double relativeWidth) {
    Layout layout = LAYOUTS.computeIfAbsent(relativeWidth, Layout::new);
    this.logBase = layout.logBase;
    this.upper = layout.upper;
    this.mid = layout.mid;
    this.counts = new long[upper.length];
  }

  /** Upper bounds and geometric midpoints of the buckets of one relative width. */
  private static final class Layout {
    final double logBase;
    final double[] upper;
    final double[] mid;

    Layout(double relativeWidth) {
      logBase = Math.log1p(relativeWidth);
      int n = (int) Math.ceil(Math.log(1e5 / MIN) / logBase) + 1;
      upper = new double[n];
      mid = new double[n];
      for (int b = 0; b < n; b++) {
        upper[b] = MIN * Math.exp((b + 1) * logBase);
        mid[b] = b == 0 ? MIN : MIN * Math.exp((b + 0.5) * logBase);
      }
    }
  }


  private int bucket(double v) {
    return v <= MIN ? 0 : Math.min(counts.length - 1, (int) (logOf(v) / logBase));
  }

  /** Counts {@code count} occurrences of v (infinite: beyond every bucket). */
  void add(double v, long count) {
    add(v, v < Double.POSITIVE_INFINITY && v > MIN ? logOf(v) : 0, count);
  }

  /**
   * The logarithm {@link #bucket} takes of v, for {@link #add(double, double, long)}: one value goes
   * into several histograms of different widths, and the logarithm is the costly part of each.
   */
  static double logOf(double v) {
    return Math.log(v / MIN);
  }

  /** As {@link #add(double, long)}, given {@code log = logOf(v)} (the same bucket, without a logarithm). */
  void add(double v, double log, long count) {
    if (count <= 0) {
      return;
    }
    total += count;
    if (!(v < Double.POSITIVE_INFINITY)) {
      infinite += count;
      above += count;
      return;
    }
    addToBucket(v <= MIN ? 0 : Math.min(counts.length - 1, (int) (log / logBase)), count);
  }

  /** Adds count finite values known to fall in bucket b (count > 0). */
  private void addToBucket(int b, long count) {
    counts[b] += count;
    if (b >= aboveFrom) {
      above += count;
    }
    lo = Math.min(lo, b);
    hi = Math.max(hi, b);
  }

  /** Adds {@code weight} of each of first, first+step, ..., first+(k-1)*step (step >= 0). */
  void addRun(double first, double step, long k, long weight) {
    addRun(first, logOf(first), step, k, weight);
  }

  /** As {@link #addRun(double, double, long, long)}, given {@code firstLog = logOf(first)} (shared by histograms). */
  void addRun(double first, double firstLog, double step, long k, long weight) {
    if (k <= 0 || weight <= 0) {
      return;
    }
    if (step <= 0 || k == 1) {
      add(first, firstLog, k * weight);
      return;
    }
    if (!(first + step * (k - 1) < Double.POSITIVE_INFINITY)) {
      slowRun(first, step, k, weight); // not reached by finite step times; kept exact for any input
      return;
    }
    // Every value of the run is finite: one bucket computation per bucket spanned, not two (add's).
    total += k * weight;
    long j = 0;
    while (j < k) {
      // The first value's bucket from the logarithm given (the same expression bucket() evaluates).
      int b = j == 0 ? (first <= MIN ? 0 : Math.min(counts.length - 1, (int) (firstLog / logBase)))
          : bucket(first + step * j);
      // Values below the bucket's upper bound: first + step*m < upper, m < (upper - first)/step.
      long end = b == counts.length - 1 ? k : Math.min(k, Math.max(j + 1, (long) Math.ceil((upper[b] - first) / step)));
      addToBucket(b, (end - j) * weight);
      j = end;
    }
  }

  private void slowRun(double first, double step, long k, long weight) {
    long j = 0;
    while (j < k) {
      double v = first + step * j;
      int b = bucket(v);
      long end = b == counts.length - 1 ? k : Math.min(k, Math.max(j + 1, (long) Math.ceil((upper[b] - first) / step)));
      add(v, (end - j) * weight);
      j = end;
    }
  }

  /**
   * From now on counts the values over {@code threshold} as {@link #atOrBelow} judges them (bucket
   * midpoints), as they are added: {@code total() - atOrBelow(threshold)} in O(1). Call while empty.
   */
  void trackAbove(double threshold) {
    int b = 0;
    while (b < mid.length && mid[b] <= threshold) {
      b++;
    }
    aboveFrom = b;
  }

  /** Values added over the tracked threshold, infinite ones included. */
  long above() {
    return above;
  }

  void addAll(LatencyHistogram o) {
    if (o.total == 0) {
      return;
    }
    for (int b = o.lo; b <= o.hi; b++) {
      counts[b] += o.counts[b];
    }
    lo = Math.min(lo, o.lo);
    hi = Math.max(hi, o.hi);
    infinite += o.infinite;
    total += o.total;
  }

  void clear() {
    if (hi >= 0) {
      Arrays.fill(counts, lo, hi + 1, 0L);
    }
    lo = Integer.MAX_VALUE;
    hi = -1;
    infinite = 0;
    total = 0;
    above = 0;
  }

  long total() {
    return total;
  }

  /** Values at or below {@code threshold} (bucket resolution: a bucket counts if its midpoint is). */
  long atOrBelow(double threshold) {
    long n = 0;
    for (int b = lo; b <= hi; b++) {
      if (mid[b] <= threshold) {
        n += counts[b];
      } else {
        break;
      }
    }
    return n;
  }


  /** Nearest-rank percentile p; NaN when empty, +infinity when the rank falls among infinite values. */
  double percentile(double p) {
    if (total == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, (long) Math.ceil(p * total));
    long seen = 0;
    for (int b = lo; b <= hi; b++) {
      seen += counts[b];
      if (seen >= rank) {
        return mid[b];
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  /** Share of all values at or below v; 1 when empty. */
  double shareAtOrBelow(double v) {
    return total > 0 ? (double) atOrBelow(v) / total : 1.0;
  }
}
