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
  private final double logBase;
  private final long[] counts;
  private long infinite;
  private long total;
  private int lo = Integer.MAX_VALUE;
  private int hi = -1;

  /** @param relativeWidth bucket width relative to its lower bound, e.g. 0.01 */
  LatencyHistogram(double relativeWidth) {
    this.logBase = Math.log1p(relativeWidth);
    this.counts = new long[(int) Math.ceil(Math.log(1e5 / MIN) / logBase) + 1];
  }

  private int bucket(double v) {
    if (v <= MIN) {
      return 0;
    }
    return Math.min(counts.length - 1, (int) (Math.log(v / MIN) / logBase));
  }

  private double upper(int b) {
    return MIN * Math.exp((b + 1) * logBase);
  }

  void add(double v, long count) {
    if (count <= 0) {
      return;
    }
    total += count;
    if (!(v < Double.POSITIVE_INFINITY)) {
      infinite += count;
      return;
    }
    int b = bucket(v);
    counts[b] += count;
    lo = Math.min(lo, b);
    hi = Math.max(hi, b);
  }

  /** Adds {@code weight} of each of first, first+step, ..., first+(k-1)*step (step >= 0). */
  void addRun(double first, double step, long k, long weight) {
    if (k <= 0 || weight <= 0) {
      return;
    }
    if (step <= 0 || k == 1) {
      add(first, k * weight);
      return;
    }
    long j = 0;
    while (j < k) {
      double v = first + step * j;
      int b = bucket(v);
      // Values below the bucket's upper bound: first + step*m < upper, m < (upper - first)/step.
      long end = b == counts.length - 1 ? k : Math.min(k, Math.max(j + 1, (long) Math.ceil((upper(b) - first) / step)));
      add(v, (end - j) * weight);
      j = end;
    }
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
  }

  long total() {
    return total;
  }

  /** Values at or below {@code threshold} (bucket resolution: a bucket counts if its midpoint is). */
  long atOrBelow(double threshold) {
    long n = 0;
    for (int b = lo; b <= hi; b++) {
      if (mid(b) <= threshold) {
        n += counts[b];
      } else {
        break;
      }
    }
    return n;
  }

  private double mid(int b) {
    return b == 0 ? MIN : MIN * Math.exp((b + 0.5) * logBase);
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
        return mid(b);
      }
    }
    return Double.POSITIVE_INFINITY;
  }
}
