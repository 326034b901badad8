package io.costslo.sim.engine;

import java.util.Arrays;

/**
 * Least-outstanding-requests routing over ready replicas (a least-request balancer: fewest
 * requests routed and not finished, lowest id on ties), as an indexed min-heap: O(log n)
 * per arrival and per load change. A replica whose batch cap is full takes no more (the request waits in
 * the shared queue), so a full replica sorts after every one with room. Free slots alone would not do:
 * during a rollout between batch caps they send everything to the replicas with the larger cap.
 */
final class Router {
  private Replica[] heap = new Replica[16];
  private int size;
  /** Most requests outstanding on one replica at any update: below a batch cap, that cap never bound. */
  private int peakOutstanding;

  void add(Replica r) {
    if (r.routerIndex >= 0) {
      return;
    }
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    heap[size] = r;
    r.routerKey = key(r);
    r.routerIndex = size++;
    up(r.routerIndex);
  }

  void remove(Replica r) {
    int i = r.routerIndex;
    if (i < 0) {
      return;
    }
    Replica last = heap[--size];
    heap[size] = null;
    r.routerIndex = -1;
    if (i < size) {
      heap[i] = last;
      last.routerIndex = i;
      up(i);
      down(last.routerIndex);
    }
  }

  /**
   * Call after a replica's outstanding count changed. The heap orders by the key cached at the last
   * call, so a change that leaves it equal (an admission: waiting -> running) costs nothing, and a fall
   * only sifts up, a rise only down.
   */
  void update(Replica r) {
    if (r.routerIndex < 0) {
      return;
    }
    long k = key(r);
    long old = r.routerKey;
    if (k == old) {
      return;
    }
    r.routerKey = k;
    if (k < old) {
      up(r.routerIndex);
    } else {
      // Outstanding requests only grow here (a routed arrival, an admission from the shared queue).
      peakOutstanding = Math.max(peakOutstanding, r.outstanding());
      down(r.routerIndex);
    }
  }

  /** The replica a new request goes to, or null when none has a free slot. */
  Replica best() {
    return size > 0 && heap[0].routerKey < FULL ? heap[0] : null;
  }

  /** Sorts full replicas after all others, then by outstanding requests. */
  private static final long FULL = 1L << 40;

  private static long key(Replica r) {
    return (r.freeSlots() > 0 ? 0 : FULL) + r.outstanding();
  }

  int size() {
    return size;
  }

  int peakOutstanding() {
    return peakOutstanding;
  }

  private static boolean before(Replica a, Replica b) {
    long ka = a.routerKey;
    long kb = b.routerKey;
    return ka != kb ? ka < kb : a.id < b.id;
  }

  private void up(int i) {
    Replica r = heap[i];
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (!before(r, heap[p])) {
        break;
      }
      heap[i] = heap[p];
      heap[i].routerIndex = i;
      i = p;
    }
    heap[i] = r;
    r.routerIndex = i;
  }

  private void down(int i) {
    Replica r = heap[i];
    while (true) {
      int c = 2 * i + 1;
      if (c >= size) {
        break;
      }
      if (c + 1 < size && before(heap[c + 1], heap[c])) {
        c++;
      }
      if (!before(heap[c], r)) {
        break;
      }
      heap[i] = heap[c];
      heap[i].routerIndex = i;
      i = c;
    }
    heap[i] = r;
    r.routerIndex = i;
  }
}
