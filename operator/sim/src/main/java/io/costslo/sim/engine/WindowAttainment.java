package io.costslo.sim.engine;

/**
 * The policy's attainment as the simulator judges it: the share of fixed windows (5 minutes, from the
 * start of the run) in which both objectives hold at the policy's percentile, TTFT over the requests
 * whose first token (or refusal, or drop) fell in the window and ITL over the tokens emitted in it.
 * A window without traffic counts as met. This is the figure the policy's {@code attainment} target
 * (a fraction of evaluation windows) is compared with.
 *
 * <p>A window is a whole number of the recorder's 5 s slots, and {@link MetricsRecorder} hands over their
 * merged histograms as each window closes: every observation is counted once, in its slot, at the
 * slots' bucket width (2 %).
 */
final class WindowAttainment {
  static final double WINDOW_SECONDS = 300;
  /** Slots of {@link MetricsRecorder#SLOT_SECONDS} per window. */
  static final int SLOTS_PER_WINDOW = (int) Math.round(WINDOW_SECONDS / MetricsRecorder.SLOT_SECONDS);

  private final double percentile;
  private final double ttftObjective;
  private final double itlObjective;
  /** Requests refused in the current window so far. */
  private long refusedHere;
  /** The first window not yet closed. */
  private long current;
  private int windows;
  private int met;

  WindowAttainment(double percentile, double ttftObjective, double itlObjective) {
    this.percentile = percentile;
    this.ttftObjective = ttftObjective;
    this.itlObjective = itlObjective;
  }

  /**
   * Closes the windows that end at or before slot {@code s}'s start, from the ring of slots they span
   * ({@code index[i]}: the slot ring position i holds). Called before a slot is first written, so a
   * window's slots are all still in the ring: it holds two windows' worth, and no slot of a later window
   * was written yet.
   */
  void closeBefore(long s, long[] index, LatencyHistogram[] ttft, LatencyHistogram[] itl) {
    long upTo = Math.floorDiv(s, SLOTS_PER_WINDOW);
    while (current < upTo) {
      close(index, ttft, itl);
    }
  }

  /**
   * The run ended in slot {@code last}: closes every window up to it, the last, partial one included if
   * anything was observed in it (or if no window closed at all).
   */
  void closeAll(long last, long[] index, LatencyHistogram[] ttft, LatencyHistogram[] itl) {
    closeBefore(last, index, ttft, itl);
    boolean observed = false;
    for (long s = current * SLOTS_PER_WINDOW; s <= last && !observed; s++) {
      int i = (int) (s % index.length);
      observed = s >= 0 && index[i] == s && (ttft[i].total() > 0 || itl[i].total() > 0);
    }
    observed |= refusedHere > 0;
    if (observed || windows == 0) {
      close(index, ttft, itl);
    }
  }

  /** Judges the current window on the first tokens and token gaps of its slots, and moves to the next. */
  private void close(long[] index, LatencyHistogram[] slotTtft, LatencyHistogram[] slotItl) {
    LatencyHistogram ttft = MetricsRecorder.POOL.take();
    LatencyHistogram itl = MetricsRecorder.POOL.take();
    for (long s = current * SLOTS_PER_WINDOW; s < (current + 1) * SLOTS_PER_WINDOW; s++) {
      int i = (int) (s % index.length);
      if (index[i] == s) {
        ttft.addAll(slotTtft[i]);
        itl.addAll(slotItl[i]);
      }
    }
    ttft.add(Double.POSITIVE_INFINITY, refusedHere);
    refusedHere = 0;
    windows++;
    boolean ttftOk = ttft.total() == 0 || ttft.percentile(percentile) <= ttftObjective;
    boolean itlOk = itl.total() == 0 || itl.percentile(percentile) <= itlObjective;
    met += ttftOk && itlOk ? 1 : 0;
    current++;
    MetricsRecorder.POOL.give(ttft);
    MetricsRecorder.POOL.give(itl);
  }

  /**
   * A request refused in the current window (it never reaches the slot histograms, which are the
   * operator's view): it counts as an infinite TTFT when the window is judged.
   */
  void refused() {
    refusedHere++;
  }

  /** Share of the closed windows that met both objectives; 1 when none closed. */
  double share() {
    return windows == 0 ? 1.0 : (double) met / windows;
  }

  int windows() {
    return windows;
  }
}
