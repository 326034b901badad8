package io.costslo.core.model;

import java.util.Arrays;

/**
 * {@link LatencyEvaluator}'s memo of terms that depend on one setting (a batch cap, a prefill chunk)
 * and the replica count only: per key, one row per table indexed by replicas, NaN until set. Keys are
 * a handful (one policy's settings), so a scan finds them. Not thread-safe.
 */
final class KeyedMemo {
  private final int maxIndex;
  private int[] keys = new int[0];
  /** [table][slot] is a row by replicas. */
  private final double[][][] tables;

  KeyedMemo(int tableCount, int maxIndex) {
    this.tables = new double[tableCount][0][];
    this.maxIndex = maxIndex;
  }

  /** The slot of a key, added (with empty rows) when new. */
  int slot(int key) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] == key) {
        return i;
      }
    }
    int n = keys.length;
    keys = Arrays.copyOf(keys, n + 1);
    keys[n] = key;
    for (int t = 0; t < tables.length; t++) {
      tables[t] = Arrays.copyOf(tables[t], n + 1);
      tables[t][n] = new double[0];
    }
    return n;
  }

  int key(int slot) {
    return keys[slot];
  }

  /** A table's row at a slot, long enough to hold {@code index} (at most maxIndex). */
  double[] row(int table, int slot, int index) {
    double[] r = tables[table][slot];
    if (index >= r.length) {
      r = covering(r, index, maxIndex);
      tables[table][slot] = r;
    }
    return r;
  }

  /** The row itself when it has an entry for {@code index}, else a longer copy, new entries NaN. */
  static double[] covering(double[] row, int index, int maxIndex) {
    if (index < row.length) {
      return row;
    }
    int n = row.length;
    double[] a = Arrays.copyOf(row, Math.min(maxIndex + 1, Math.max(index + 1, 2 * n)));
    Arrays.fill(a, n, a.length, Double.NaN);
    return a;
  }
}
