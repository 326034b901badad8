package io.costslo.sim.engine;

/**
 * The policy's attainment as the simulator judges it: the share of fixed windows (5 minutes, from the
 * start of the run) in which both objectives hold at the policy's percentile, TTFT over the requests
 * whose first token (or refusal, or drop) fell in the window and ITL over the tokens emitted in it.
 * A window without traffic counts as met. This is the figure the policy's {@code attainment} target
 * (a fraction of evaluation windows) is compared with.
 */
final class WindowAttainment {
  static final double WINDOW_SECONDS = 300;

  private final double percentile;
  private final double ttftObjective;
  private final double itlObjective;
  private final LatencyHistogram ttft = new LatencyHistogram(0.01);
  private final LatencyHistogram itl = new LatencyHistogram(0.01);
  private long current;
  private int windows;
  private int met;

  WindowAttainment(double percentile, double ttftObjective, double itlObjective) {
    this.percentile = percentile;
    this.ttftObjective = ttftObjective;
    this.itlObjective = itlObjective;
  }

  /** Below this time no window closes (a relative 1e-12 short of the next one: t / WINDOW_SECONDS rounds below). */
  private double rollsFrom = WINDOW_SECONDS * (1 - 1e-12);

  private void roll(double t) {
    if (t < rollsFrom) {
      return;
    }
    long w = (long) Math.floor(t / WINDOW_SECONDS);
    while (current < w) {
      close();
      current++;
    }
    rollsFrom = (current + 1) * WINDOW_SECONDS * (1 - 1e-12);
  }

  private void close() {
    windows++;
    boolean ttftOk = ttft.total() == 0 || ttft.percentile(percentile) <= ttftObjective;
    boolean itlOk = itl.total() == 0 || itl.percentile(percentile) <= itlObjective;
    met += ttftOk && itlOk ? 1 : 0;
    ttft.clear();
    itl.clear();
  }

  void ttft(double t, double v, long n) {
    roll(t);
    ttft.add(v, n);
  }

  /** As {@link #ttft(double, double, long)}, given {@link LatencyHistogram#logOf} of v. */
  void ttft(double t, double v, double log, long n) {
    roll(t);
    ttft.add(v, log, n);
  }

  /** Adds n token gaps of v seconds observed at t, given {@link LatencyHistogram#logOf} of v. */
  void itl(double t, double v, double log, long n) {
    roll(t);
    itl.add(v, log, n);
  }

  /** Adds a run of token gaps observed at t, given {@link LatencyHistogram#logOf} of the first. */
  void itlRun(double t, double first, double firstLog, double step, long k, long weight) {
    roll(t);
    itl.addRun(first, firstLog, step, k, weight);
  }

  /** Closes every window up to {@code end} (the last, partial one included) and returns the share met. */
  double finish(double end) {
    roll(end);
    if (ttft.total() > 0 || itl.total() > 0 || windows == 0) {
      close();
    }
    return windows == 0 ? 1.0 : (double) met / windows;
  }

  int windows() {
    return windows;
  }
}
