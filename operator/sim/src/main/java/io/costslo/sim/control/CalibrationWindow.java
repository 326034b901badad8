package io.costslo.sim.control;

import io.costslo.core.metrics.Observation.CalibrationSample;
import io.costslo.sim.engine.SimContext;
import io.costslo.sim.engine.WindowStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-pod calibration points between two control steps, as the operator's pod scrape makes them from
 * vLLM's counters and histograms: requests finished since the last step are counted on the ready
 * pods round-robin (a least-request balancer's long-run split; the closed-loop demo publishes them to
 * its pods the same way), each pod reports the running batch (the fleet's time-averaged running
 * requests shared evenly), the token-weighted mean ITL and mean TTFT of its requests, and its prompt
 * tokens per second. The first step has no previous scrape and gives no points. Call {@link #samples}
 * once per step.
 */
public final class CalibrationWindow {
  private int published = -1;
  private long roundRobin;

  public List<CalibrationSample> samples(SimContext ctx, Duration sinceLastStep, WindowStats w) {
    int pods = ctx.readyReplicas();
    int first = published;
    int last = ctx.finishedCount();
    published = last;
    if (pods == 0) {
      return List.of();
    }
    double[] itlSum = new double[pods];
    long[] itlCount = new long[pods];
    double[] ttftSum = new double[pods];
    int[] requests = new int[pods];
    long[] prompt = new long[pods];
    for (int i = Math.max(0, first); i < last; i++) {
      int pod = (int) (roundRobin++ % pods);
      if (first < 0) {
        continue; // the first scrape is only a baseline
      }
      SimContext.FinishedRequest r = ctx.finished(i);
      int output = Math.max(1, r.outputTokens());
      if (output > 1) {
        itlSum[pod] += r.meanItlSeconds() * (output - 1);
        itlCount[pod] += output - 1;
      }
      ttftSum[pod] += r.ttftSeconds();
      requests[pod]++;
      prompt[pod] += r.promptTokens();
    }
    if (first < 0) {
      return List.of();
    }
    double seconds = sinceLastStep.toNanos() / 1e9;
    List<CalibrationSample> out = new ArrayList<>(pods);
    for (int p = 0; p < pods; p++) {
      out.add(new CalibrationSample("replica-" + p, w.meanRunning() / pods,
          seconds(itlCount[p] > 0 ? itlSum[p] / itlCount[p] : 0), seconds > 0 ? prompt[p] / seconds : 0,
          seconds(requests[p] > 0 ? ttftSum[p] / requests[p] : 0)));
    }
    return out;
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos(Math.max(0, Math.round(s * 1e9)));
  }
}
