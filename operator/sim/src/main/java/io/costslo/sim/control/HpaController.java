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
 *   <li>every period: ratio = metric / target; within 10% tolerance nothing changes, else
 *       desired = ceil(ratio x replicas the metric was averaged over), clamped to [min, max];
 *   <li>scale-up at most max(100%, +4 pods) per period; scale-down to the highest recommendation of
 *       the last 5 min (stabilization window).
 * </ul>
 * Flavours:
 * <ul>
 *   <li>{@link #inFlight}: the metric a vLLM user scales on through the Prometheus adapter, requests
 *       in flight per pod ({@code vllm:num_requests_running + vllm:num_requests_waiting}, 1 min average),
 *       as an AverageValue target. It rises whatever the bottleneck is (batch slots, KV cache, prefill),
 *       unlike running / batch cap, which stays flat when the KV cache or prefill limits the batch.
 *   <li>{@link #keda}: a KEDA ScaledObject with a Prometheus trigger on the same sum: AverageValue
 *       threshold, 30 s polling, activation threshold, a maximum derived from the workload, and its
 *       fallback (after 3 failed metric reads, the fallback replica count).
 *   <li>{@link #utilisation}: running / batch cap per pod (kept for comparison; on request).
 *   <li>{@link #queue}: waiting requests only, 5 per pod (the 1-to-max strawman; on request).
 * </ul>
 */
public final class HpaController implements Controller {
  private static final double TOLERANCE = 0.10;
  private static final double STABILIZATION_SECONDS = 300;
  private static final int KEDA_FAILURE_THRESHOLD = 3;

  private final String name;
  private final int min;
  private final int max;
  private final int batchCap;
  private final int initial;
  private final double target;
  private final boolean averageValue;
  private final Duration window;
  private final Duration period;
  private final ToDoubleFunction<WindowStats> metric;
  private final int fallbackReplicas;
  private final double activation;
  private final String setting;
  private final Deque<double[]> recommendations = new ArrayDeque<>();
  private int failures;

  private HpaController(String name, int min, int max, int batchCap, int initial, double target, boolean averageValue,
      Duration window, Duration period, ToDoubleFunction<WindowStats> metric, int fallbackReplicas, double activation,
      String setting) {
    this.name = name;
    this.min = Math.max(1, min);
    this.max = Math.max(this.min, max);
    this.batchCap = batchCap;
    this.initial = Math.max(this.min, Math.min(this.max, initial));
    this.target = target;
    this.averageValue = averageValue;
    this.window = window;
    this.period = period;
    this.metric = metric;
    this.fallbackReplicas = fallbackReplicas;
    this.activation = activation;
    this.setting = setting;
  }

  private static double inFlightMetric(WindowStats w) {
    return w.meanRunning() + w.meanWaiting();
  }

  /** HPA on requests in flight per pod (running + waiting), AverageValue {@code targetPerPod}. */
  public static HpaController inFlight(String name, int min, int max, int batchCap, int initial, double targetPerPod) {
    return new HpaController(name, min, max, batchCap, initial, targetPerPod, true, Duration.ofMinutes(1),
        Duration.ofSeconds(15), HpaController::inFlightMetric, -1, 0,
        String.format(java.util.Locale.ROOT, "running+waiting per pod, target %.0f", targetPerPod));
  }

  /**
   * KEDA ScaledObject: Prometheus trigger on sum(running + waiting), threshold {@code targetPerPod}
   * (AverageValue), activationThreshold 0.5, pollingInterval 30 s, maxReplicaCount {@code max},
   * fallback {@code fallbackReplicas} after 3 failed reads.
   */
  public static HpaController keda(int min, int max, int batchCap, int initial, double targetPerPod,
      int fallbackReplicas) {
    return new HpaController("keda", min, max, batchCap, initial, targetPerPod, true, Duration.ofSeconds(30),
        Duration.ofSeconds(30), HpaController::inFlightMetric, fallbackReplicas, 0.5,
        String.format(java.util.Locale.ROOT, "threshold %.0f, max %d, fallback %d", targetPerPod, max,
            fallbackReplicas));
  }

  /** HPA on mean running / batch cap per ready pod, e.g. target 0.7. */
  public static HpaController utilisation(int min, int max, int batchCap, int initial, double target) {
    return new HpaController("hpa-util", min, max, batchCap, initial, target, false, Duration.ofMinutes(1),
        Duration.ofSeconds(15), WindowStats::meanBatchUtilisation, -1, 0, "running/cap target " + target);
  }

  /** KEDA-style on waiting requests only (HPA AverageValue). */
  public static HpaController queue(int min, int max, int batchCap, int initial, double waitingPerPod) {
    return new HpaController("queue", min, max, batchCap, initial, waitingPerPod, true, Duration.ofSeconds(30),
        Duration.ofSeconds(15), WindowStats::meanWaiting, -1, 0, "waiting per pod " + waitingPerPod);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String setting() {
    return setting;
  }

  @Override
  public Plan initialPlan() {
    return new Plan(initial, 0, batchCap);
  }

  @Override
  public Duration interval() {
    return period;
  }

  @Override
  public void tick(SimContext context) {
    WindowStats stats = context.window(window, 0.99);
    int current = context.desired().totalReplicas();
    if (fallbackReplicas > 0) {
      // KEDA: a metric read that returns nothing counts as a failure; after the threshold, fallback.
      failures = stats.windowSeconds() > 0 ? 0 : failures + 1;
      if (failures >= KEDA_FAILURE_THRESHOLD && fallbackReplicas != current) {
        context.apply(new Plan(fallbackReplicas, 0, batchCap));
      }
      if (failures > 0) {
        return; // without a metric the HPA holds (or the fallback applies)
      }
    }
    int ready = Math.max(1, context.readyReplicas());
    double value = metric.applyAsDouble(stats);
    int recommended;
    if (averageValue) {
      // AverageValue: the per-pod average is the total over the current replica count.
      double ratio = value / (target * current);
      recommended = Math.abs(ratio - 1) <= TOLERANCE ? current : (int) Math.ceil(value / target);
      if (activation > 0 && value <= activation && min == 0) {
        recommended = 0;
      }
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
