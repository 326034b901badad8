package io.costslo.sim.engine;

import java.util.Arrays;

/** A binary min-heap of longs (no boxing: it sits on the simulator's hot path). */
final class LongHeap {
  private long[] a = new long[16];
  private int n;

  int size() {
    return n;
  }

  boolean isEmpty() {
    return n == 0;
  }

  long peek() {
    return a[0];
  }

  long get(int i) {
    return a[i];
  }

  void clear() {
    n = 0;
  }

  void push(long v) {
    if (n == a.length) {
      a = Arrays.copyOf(a, n * 2);
    }
    int i = n++;
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (a[p] <= v) {
        break;
      }
      a[i] = a[p];
      i = p;
    }
    a[i] = v;
  }

  long pop() {
    long top = a[0];
    long last = a[--n];
    int i = 0;
    while (true) {
      int c = 2 * i + 1;
      if (c >= n) {
        break;
      }
      if (c + 1 < n && a[c + 1] < a[c]) {
        c++;
      }
      if (a[c] >= last) {
        break;
      }
      a[i] = a[c];
      i = c;
    }
    if (n > 0) {
      a[i] = last;
    }
    return top;
  }
}
