package io.costslo.sim.control;

import io.costslo.core.metrics.Observation.CalibrationSample;
import io.costslo.sim.engine.SimContext;
import io.costslo.sim.engine.WindowStats;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Per-pod calibration points over a window, as the operator's pod scrape makes them from vLLM's
 * histograms: the running batch per ready pod, the token-weighted mean ITL and the mean TTFT of the
 * requests finished in the window, and the prompt tokens per second per pod. The simulated fleet
 * spreads work evenly, so every ready pod gets the same point. Call {@link #samples} once per step.
 */
public final class CalibrationWindow {
  private record Mark(double at, int finished) {}

  private final Deque<Mark> marks = new ArrayDeque<>();

  public List<CalibrationSample> samples(SimContext ctx, Duration window, WindowStats w) {
    double now = ctx.nowSeconds();
    marks.addLast(new Mark(now, ctx.finishedCount()));
    double from = now - window.toNanos() / 1e9;
    // Keep the newest mark at or before the window's start, and drop older ones.
    while (marks.size() > 1 && marks.stream().skip(1).findFirst().get().at() <= from) {
      marks.removeFirst();
    }
    int first = marks.getFirst().finished();
    int last = ctx.finishedCount();
    int pods = w.readyPodsNow();
    if (pods == 0 || last <= first) {
      return List.of();
    }
    double itlWeighted = 0;
    long itlTokens = 0;
    double ttft = 0;
    for (int i = first; i < last; i++) {
      SimContext.FinishedRequest r = ctx.finished(i);
      if (r.outputTokens() > 1) {
        itlWeighted += r.meanItlSeconds() * (r.outputTokens() - 1);
        itlTokens += r.outputTokens() - 1;
      }
      ttft += r.ttftSeconds();
    }
    double meanItl = itlTokens > 0 ? itlWeighted / itlTokens : 0;
    double meanTtft = ttft / (last - first);
    List<CalibrationSample> out = new ArrayList<>(pods);
    for (int p = 0; p < pods; p++) {
      out.add(new CalibrationSample("replica-" + p, w.meanRunning() / pods, seconds(meanItl),
          w.promptTokensPerSecond() / pods, seconds(meanTtft)));
    }
    return out;
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos(Math.max(0, Math.round(s * 1e9)));
  }
}
