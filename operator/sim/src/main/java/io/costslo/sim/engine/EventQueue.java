package io.costslo.sim.engine;

import java.util.Arrays;

/**
 * The simulator's pending events, earliest first (ties in scheduling order): a 4-ary heap over flat
 * arrays, O(log n) per event and no object per event (tens of millions of events in a 14-day run). Four
 * children per node halve the levels a sift walks; (time, sequence) orders the events totally, so they
 * pop in the same order whatever the heap's shape.
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

  /** Low bits of a heap key: the event's payload slot; the high bits are its scheduling sequence. */
  private static final int SLOT_BITS = 22;
  private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;

  // The heap holds only (time, key); sifting moves two values per level. Type, version and replica
  // stay in their slot, freed when the event is polled.
  private double[] time = new double[64];
  private long[] key = new long[64];
  private int size;
  private long nextSeq;
  private int[] type = new int[64];
  private int[] version = new int[64];
  private Replica[] replica = new Replica[64];
  private int[] free = new int[64];
  private int freeCount;
  private int slots;
  private final Event polled = new Event();

  void schedule(double t, int kind, Replica r, int v) {
    if (size == time.length) {
      time = Arrays.copyOf(time, size * 2);
      key = Arrays.copyOf(key, size * 2);
    }
    int slot = freeCount > 0 ? free[--freeCount] : newSlot();
    type[slot] = kind;
    version[slot] = v;
    replica[slot] = r;
    long k = (nextSeq++ << SLOT_BITS) | slot;
    int i = size++;
    while (i > 0) {
      int p = (i - 1) >>> 2;
      if (!before(t, k, time[p], key[p])) {
        break;
      }
      time[i] = time[p];
      key[i] = key[p];
      i = p;
    }
    time[i] = t;
    key[i] = k;
  }

  private int newSlot() {
    if (slots == type.length) {
      if (slots > SLOT_MASK) {
        throw new IllegalStateException("more than " + SLOT_MASK + " pending events");
      }
      int m = slots * 2;
      type = Arrays.copyOf(type, m);
      version = Arrays.copyOf(version, m);
      replica = Arrays.copyOf(replica, m);
      free = Arrays.copyOf(free, m);
    }
    return slots++;
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
    int slot = (int) (key[0] & SLOT_MASK);
    polled.time = time[0];
    polled.type = type[slot];
    polled.replica = replica[slot];
    polled.version = version[slot];
    replica[slot] = null;
    free[freeCount++] = slot;
    int last = --size;
    double t = time[last];
    long k = key[last];
    int i = 0;
    while (true) {
      int first = 4 * i + 1;
      if (first >= size) {
        break;
      }
      int c = first;
      int end = Math.min(size, first + 4);
      for (int j = first + 1; j < end; j++) {
        if (before(time[j], key[j], time[c], key[c])) {
          c = j;
        }
      }
      if (!before(time[c], key[c], t, k)) {
        break;
      }
      time[i] = time[c];
      key[i] = key[c];
      i = c;
    }
    if (size > 0) {
      time[i] = t;
      key[i] = k;
    }
    return polled;
  }

  int size() {
    return size;
  }

  /** Earlier time first; on equal times the earlier scheduled (keys order by sequence, slots below it). */
  private static boolean before(double t1, long k1, double t2, long k2) {
    int c = Double.compare(t1, t2);
    return c != 0 ? c < 0 : k1 < k2;
  }
}
