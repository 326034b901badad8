package io.costslo.sim.engine;

import java.util.PriorityQueue;

/** The simulator's pending events, earliest first (ties in scheduling order): O(log n) per event. */
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

  /** One event; {@code version} lets a replica's later change void it (stale events are skipped). */
  static final class Event implements Comparable<Event> {
    final double time;
    final long seq;
    final int type;
    final Replica replica;
    final int version;

    Event(double time, long seq, int type, Replica replica, int version) {
      this.time = time;
      this.seq = seq;
      this.type = type;
      this.replica = replica;
      this.version = version;
    }

    @Override
    public int compareTo(Event o) {
      int c = Double.compare(time, o.time);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final PriorityQueue<Event> events = new PriorityQueue<>();
  private long seq;

  void schedule(double time, int type, Replica r, int version) {
    events.add(new Event(time, seq++, type, r, version));
  }

  void schedule(double time, int type, Replica r) {
    schedule(time, type, r, r == null ? 0 : r.version);
  }

  Event peek() {
    return events.peek();
  }

  Event poll() {
    return events.poll();
  }

  int size() {
    return events.size();
  }
}
