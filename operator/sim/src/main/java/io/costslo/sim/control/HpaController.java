package io.costslo.sim.control;

import io.costslo.core.plan.Plan;
import io.costslo.sim.engine.Controller;
import io.costslo.sim.engine.SimContext;
import io.costslo.sim.engine.WindowStats;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.ToDoubleFunction;

/**
 * Kubernetes HorizontalPodAutoscaler semantics (autoscaling/v2 defaults) on one metric, on-demand
 * only at a fixed batch cap:
 * <ul>
 *   <li>every 15 s: ratio = metric / target; within 10% tolerance nothing changes, else
 *       desired = ceil(ratio x replicas the metric was averaged over), clamped to [min, max];
 *   <li>scale-up at most max(100%, +4 pods) per period; scale-down to the highest recommendation of
 *       the last 5 min (stabilization window).
 * </ul>
 * Two flavours: utilisation (running / batch cap per ready pod, target e.g. 0.7) and, as KEDA does
 * with a Prometheus trigger, a total (waiting requests) with a per-pod threshold (AverageValue).
 */
public final class HpaController implements Controller {
  private final String name;
  private final int min;
  private final int max;
  private final int batchCap;
  private final int initial;
  private final double target;
  private final boolean averageValue;
  private final Duration window;
  private final ToDoubleFunction<WindowStats> metric;
  private final Deque<double[]> recommendations = new ArrayDeque<>();
  private static final double TOLERANCE = 0.10;
  private static final double STABILIZATION_SECONDS = 300;

  private HpaController(String name, int min, int max, int batchCap, int initial, double target, boolean averageValue,
      Duration window, ToDoubleFunction<WindowStats> metric) {
    this.name = name;
    this.min = Math.max(1, min);
    this.max = max;
    this.batchCap = batchCap;
    this.initial = Math.max(this.min, Math.min(max, initial));
    this.target = target;
    this.averageValue = averageValue;
    this.window = window;
    this.metric = metric;
  }

  /** HPA on mean running / batch cap per ready pod (a vLLM utilisation metric), e.g. target 0.7. */
  public static HpaController utilisation(int min, int max, int batchCap, int initial, double target) {
    return new HpaController("hpa", min, max, batchCap, initial, target, false, Duration.ofMinutes(1),
        WindowStats::meanBatchUtilisation);
  }

  /** KEDA-style: total waiting requests over a per-pod threshold (HPA AverageValue). */
  public static HpaController queue(int min, int max, int batchCap, int initial, double waitingPerPod) {
    return new HpaController("queue", min, max, batchCap, initial, waitingPerPod, true, Duration.ofSeconds(30),
        WindowStats::meanWaiting);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Plan initialPlan() {
    return new Plan(initial, 0, batchCap);
  }

  @Override
  public Duration interval() {
    return Duration.ofSeconds(15);
  }

  @Override
  public void tick(SimContext context) {
    WindowStats stats = context.window(window, 0.99);
    int current = context.desired().totalReplicas();
    int ready = Math.max(1, context.readyReplicas());
    double value = metric.applyAsDouble(stats);
    int recommended;
    if (averageValue) {
      // AverageValue: the per-pod average is the total over the current replica count.
      double ratio = value / (target * current);
      recommended = Math.abs(ratio - 1) <= TOLERANCE ? current : (int) Math.ceil(value / target);
    } else {
      double ratio = value / target;
      // Pods not yet ready count as idle when scaling up, so the average is over all replicas then.
      int basis = ratio > 1 ? Math.max(ready, current) : ready;
      double scaledRatio = ratio * ready / basis;
      recommended = Math.abs(ratio - 1) <= TOLERANCE ? current : (int) Math.ceil(scaledRatio * basis);
    }
    recommended = Math.max(min, Math.min(max, recommended));
    double now = context.nowSeconds();
    recommendations.addLast(new double[] {now, recommended});
    while (!recommendations.isEmpty() && recommendations.peekFirst()[0] < now - STABILIZATION_SECONDS) {
      recommendations.pollFirst();
    }
    int desired;
    if (recommended > current) {
      desired = Math.min(recommended, Math.max(current * 2, current + 4));
    } else {
      int highest = 0;
      for (double[] r : recommendations) {
        highest = Math.max(highest, (int) r[1]);
      }
      desired = Math.min(current, highest);
    }
    if (desired != current) {
      context.apply(new Plan(desired, 0, batchCap));
    }
  }
}
