package io.costslo.sim.engine;

import java.util.Arrays;

/** Nearest-rank percentiles. */
public final class Percentiles {
  private Percentiles() {}

  /** Percentile p of the first m values (the array is sorted in place); NaN when m is 0. */
  public static double of(double[] values, int m, double p) {
    if (m == 0) {
      return Double.NaN;
    }
    Arrays.sort(values, 0, m);
    return values[rank(m, p)];
  }

  /** Percentile p of an already sorted array; NaN when empty. */
  public static double sorted(double[] sorted, double p) {
    return sorted.length == 0 ? Double.NaN : sorted[rank(sorted.length, p)];
  }

  private static int rank(int m, double p) {
    return Math.min(m - 1, Math.max(0, (int) Math.ceil(p * m) - 1));
  }
}
