package io.costslo.sim.engine;

import java.util.ArrayDeque;

/**
 * Spare histograms of one bucket width, per thread: a bound search runs tens of thousands of short
 * simulations, and each would otherwise allocate (and zero) its own 5 s slot histograms, and every
 * series sample and controller window query a pair more. A histogram given back is cleared (its touched
 * range only), so one taken answers exactly as a new one; at most {@link #KEEP} wait per thread.
 */
final class HistogramPool {
  static final int KEEP = 2 * MetricsRecorder.SLOTS + 8;

  private final double width;
  private final ThreadLocal<ArrayDeque<LatencyHistogram>> spare = ThreadLocal.withInitial(ArrayDeque::new);

  HistogramPool(double relativeWidth) {
    this.width = relativeWidth;
  }

  /** An empty histogram of this width. */
  LatencyHistogram take() {
    LatencyHistogram h = spare.get().pollFirst();
    return h != null ? h : new LatencyHistogram(width);
  }

  /** Hands back one taken from this pool; the caller must not use it again. */
  void give(LatencyHistogram h) {
    ArrayDeque<LatencyHistogram> s = spare.get();
    if (s.size() < KEEP) {
      h.clear();
      s.addFirst(h);
    }
  }
}
