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

  /**
   * Percentile p of the first m values, as {@link #of} returns it, by selection (expected O(m), where a
   * sort is O(m log m): tens of millions of TTFTs per run); the array is reordered. NaN when m is 0.
   */
  public static double select(double[] values, int m, double p) {
    return select(values, 0, m, p);
  }

  /**
   * As {@link #select(double[], int, double)}, searching only from index {@code from}: valid when no
   * value before {@code from} exceeds any value after it and the rank is at least {@code from}, as a
   * previous select at a lower percentile leaves the array (partitioned around its rank, see
   * {@link #rankOf}). The second of two selects then scans the upper part only.
   */
  public static double select(double[] values, int from, int m, double p) {
    if (m == 0) {
      return Double.NaN;
    }
    int k = rank(m, p);
    if (k < from) {
      throw new IllegalArgumentException("rank " + k + " below the searched range from " + from);
    }
    int lo = from;
    int hi = m - 1;
    while (hi > lo) {
      int mid = (lo + hi) >>> 1;
      // Median of three as the pivot, then a three-way partition (many equal values are common).
      double a = values[lo];
      double b = values[mid];
      double c = values[hi];
      double pivot = Double.compare(a, b) < 0 ? (Double.compare(b, c) < 0 ? b : Double.compare(a, c) < 0 ? c : a)
          : (Double.compare(a, c) < 0 ? a : Double.compare(b, c) < 0 ? c : b);
      int lt = lo;
      int gt = hi;
      int i = lo;
      while (i <= gt) {
        int cmp = Double.compare(values[i], pivot);
        if (cmp < 0) {
          swap(values, lt++, i++);
        } else if (cmp > 0) {
          swap(values, i, gt--);
        } else {
          i++;
        }
      }
      if (k < lt) {
        hi = lt - 1;
      } else if (k > gt) {
        lo = gt + 1;
      } else {
        return pivot;
      }
    }
    return values[k];
  }

  private static void swap(double[] a, int i, int j) {
    double t = a[i];
    a[i] = a[j];
    a[j] = t;
  }

  /** The index {@link #select} leaves percentile p of m values at, everything before it no larger. */
  public static int rankOf(int m, double p) {
    return m == 0 ? 0 : rank(m, p);
  }

  private static int rank(int m, double p) {
    return Math.min(m - 1, Math.max(0, (int) Math.ceil(p * m) - 1));
  }
}
