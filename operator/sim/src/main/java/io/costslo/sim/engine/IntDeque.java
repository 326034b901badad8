package io.costslo.sim.engine;

/** A growable ring buffer of ints (request indices). */
final class IntDeque {
  private int[] a = new int[16];
  private int head;
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void addLast(int v) {
    grow();
    a[(head + size) & (a.length - 1)] = v;
    size++;
  }

  void addFirst(int v) {
    grow();
    head = (head - 1) & (a.length - 1);
    a[head] = v;
    size++;
  }

  int peekFirst() {
    return a[head];
  }

  int pollFirst() {
    int v = a[head];
    head = (head + 1) & (a.length - 1);
    size--;
    return v;
  }

  int get(int i) {
    return a[(head + i) & (a.length - 1)];
  }

  void clear() {
    size = 0;
    head = 0;
  }

  private void grow() {
    if (size == a.length) {
      int[] b = new int[a.length * 2];
      for (int i = 0; i < size; i++) {
        b[i] = get(i);
      }
      a = b;
      head = 0;
    }
  }
}
