package io.costslo.sim.engine;

import java.util.Arrays;

/**
 * The simulator's pending events, earliest first (ties in scheduling order): a binary heap over flat
 * arrays, O(log n) per event and no object per event (tens of millions of events in a 14-day run).
 */
final class EventQueue {
  static final int STEP_END = 0;
  static final int READY = 1;
  static final int SPOT_RECLAIM = 2;
  static final int DRAIN_DEADLINE = 3;
  static final int OUTAGE_START = 4;
  static final int OUTAGE_END = 5;
  static final int CONTROL = 6;
  static final int SAMPLE = 7;
  static final int KICK = 8;

  /**
   * The event last polled; {@code version} lets a replica's later change void it (stale events are
   * skipped). One instance, overwritten by the next {@link #poll}.
   */
  static final class Event {
    double time;
    int type;
    Replica replica;
    int version;
  }

  private double[] time = new double[64];
  private long[] seq = new long[64];
  private int[] type = new int[64];
  private int[] version = new int[64];
  private Replica[] replica = new Replica[64];
  private int size;
  private long nextSeq;
  private final Event polled = new Event();

  void schedule(double t, int kind, Replica r, int v) {
    if (size == time.length) {
      int m = size * 2;
      time = Arrays.copyOf(time, m);
      seq = Arrays.copyOf(seq, m);
      type = Arrays.copyOf(type, m);
      version = Arrays.copyOf(version, m);
      replica = Arrays.copyOf(replica, m);
    }
    long s = nextSeq++;
    int i = size++;
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (!before(t, s, p)) {
        break;
      }
      move(p, i);
      i = p;
    }
    set(i, t, s, kind, r, v);
  }

  void schedule(double t, int kind, Replica r) {
    schedule(t, kind, r, r == null ? 0 : r.version);
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Time of the earliest event; only when not empty. */
  double peekTime() {
    return time[0];
  }

  /** Removes the earliest event and returns it (the shared {@link Event}, valid until the next poll). */
  Event poll() {
    polled.time = time[0];
    polled.type = type[0];
    polled.replica = replica[0];
    polled.version = version[0];
    int last = --size;
    double t = time[last];
    long s = seq[last];
    int k = type[last];
    Replica r = replica[last];
    int v = version[last];
    replica[last] = null;
    int i = 0;
    while (true) {
      int c = 2 * i + 1;
      if (c >= size) {
        break;
      }
      if (c + 1 < size && before(time[c + 1], seq[c + 1], c)) {
        c++;
      }
      if (!before(time[c], seq[c], t, s)) {
        break;
      }
      move(c, i);
      i = c;
    }
    if (size > 0) {
      set(i, t, s, k, r, v);
    }
    return polled;
  }

  int size() {
    return size;
  }

  private boolean before(double t, long s, int j) {
    return before(t, s, time[j], seq[j]);
  }

  private static boolean before(double t1, long s1, double t2, long s2) {
    int c = Double.compare(t1, t2);
    return c != 0 ? c < 0 : s1 < s2;
  }

  private void move(int from, int to) {
    time[to] = time[from];
    seq[to] = seq[from];
    type[to] = type[from];
    version[to] = version[from];
    replica[to] = replica[from];
  }

  private void set(int i, double t, long s, int k, Replica r, int v) {
    time[i] = t;
    seq[i] = s;
    type[i] = k;
    version[i] = v;
    replica[i] = r;
  }
}
