package io.costslo.sim.engine;

import java.util.Arrays;

/**
 * Least-outstanding-requests routing over ready replicas (the most free batch slots first, lowest id
 * on ties), as an indexed max-heap: O(log n) per arrival and per load change.
 */
final class Router {
  private Replica[] heap = new Replica[16];
  private int size;

  void add(Replica r) {
    if (r.routerIndex >= 0) {
      return;
    }
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    heap[size] = r;
    r.routerFree = r.freeSlots();
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
   * Call after a replica's outstanding count changed. The heap orders by the free slots cached at the
   * last call, so a change that leaves them equal (an admission: waiting -> running) costs nothing, and
   * a rise only sifts up, a fall only down.
   */
  void update(Replica r) {
    if (r.routerIndex < 0) {
      return;
    }
    int free = r.freeSlots();
    int old = r.routerFree;
    if (free == old) {
      return;
    }
    r.routerFree = free;
    if (free > old) {
      up(r.routerIndex);
    } else {
      down(r.routerIndex);
    }
  }

  /** The replica a new request goes to, or null when none has a free slot. */
  Replica best() {
    return size > 0 && heap[0].routerFree > 0 ? heap[0] : null;
  }

  int size() {
    return size;
  }

  private static boolean before(Replica a, Replica b) {
    int fa = a.routerFree;
    int fb = b.routerFree;
    return fa != fb ? fa > fb : a.id < b.id;
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
