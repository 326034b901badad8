package io.costslo.sim.control;

import io.costslo.core.cost.PriceSource;
import io.costslo.core.cycle.ClusterView;
import io.costslo.core.cycle.CycleInput;
import io.costslo.core.cycle.CycleReport;
import io.costslo.core.cycle.InMemoryPolicyStateStore;
import io.costslo.core.cycle.Mode;
import io.costslo.core.cycle.PolicyCycle;
import io.costslo.core.decision.Decision;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.sim.engine.Controller;
import io.costslo.sim.engine.SimContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's own loop: the core's {@link PolicyCycle}, the class the Kubernetes reconciler runs,
 * with its ports implemented by the simulated cluster ({@link SimulatedCluster}). The cluster view is the Deployments' desired
 * plan and {@link SpotWatch}'s spot evidence; the metrics source reports what vLLM's metrics give over
 * the query window, with per-pod calibration points ({@link CalibrationWindow}); the realizer changes
 * the simulated Deployments (cold starts, rollouts, preemptions apply; the fleet grows the new
 * capacity type before it shrinks the old, as the Kubernetes realizer does); the state store is the
 * core's in-memory one.
 */
public final class CostSloController implements Controller {
  public static final String POLICY_KEY = "default/llm";
  /** The operator's defaults for spec.capacity.spot.pendingTimeout and healthyPeriod. */
  public static final Duration PENDING_TIMEOUT = Duration.ofMinutes(5);
  public static final Duration HEALTHY_PERIOD = Duration.ofMinutes(15);

  private final CostPolicy policy;
  private final Plan initial;
  private final Duration reconcileInterval;
  private final Duration metricsWindow;
  private final List<CycleReport> reports = new ArrayList<>();
  private final SimulatedCluster cluster;
  private final PolicyCycle cycle;

  public CostSloController(CostPolicy policy, PriceSource prices, Plan initial, Duration reconcileInterval,
      Duration metricsWindow) {
    this(policy, prices, initial, reconcileInterval, metricsWindow, true);
  }

  /**
   * @param histogramTails whether the metrics source reports what the histograms at the objectives and
   *     the length histograms give (measured attainment, p99 lengths); false: only percentiles and mean
   *     lengths, as the operator's pod scrape reports today (the demo compares like with like)
   */
  public CostSloController(CostPolicy policy, PriceSource prices, Plan initial, Duration reconcileInterval,
      Duration metricsWindow, boolean histogramTails) {
    this.policy = policy;
    this.initial = initial;
    this.reconcileInterval = reconcileInterval;
    this.metricsWindow = metricsWindow;
    this.cluster = new SimulatedCluster(reconcileInterval,
        histogramTails ? Optional.of(policy.objective()) : Optional.empty());
    this.cycle = new PolicyCycle(cluster, prices, cluster, new InMemoryPolicyStateStore(), reports::add);
  }

  /** The cycle class this controller runs: the same as the operator's reconciler. */
  public static Class<PolicyCycle> cycleClass() {
    return PolicyCycle.class;
  }

  @Override
  public String name() {
    return "costslo";
  }

  @Override
  public Plan initialPlan() {
    return initial;
  }

  @Override
  public Duration interval() {
    return reconcileInterval;
  }

  @Override
  public void tick(SimContext ctx) {
    MetricsQuery query = new MetricsQuery("default", "llm", metricsWindow, policy.objective().percentile(), Map.of());
    ClusterView view = cluster.view(ctx);
    cycle.run(new CycleInput(POLICY_KEY, policy, query, Mode.ENFORCE, HEALTHY_PERIOD, ctx.now()), view);
    cluster.applied(ctx);
  }

  /**
   * Where the closed loop saw requests no fleet size serves: their mean estimated share over the cycles
   * that saw them and the longest prompt an idle replica serves within the TTFT objective; empty otherwise.
   */
  @Override
  public String setting() {
    List<io.costslo.core.feedback.Adjustment> seen = reports.stream().flatMap(r -> r.feedback().stream())
        .filter(a -> a.irreducibleShare() > 0).toList();
    if (seen.isEmpty()) {
      return "";
    }
    double share = seen.stream().mapToDouble(io.costslo.core.feedback.Adjustment::irreducibleShare).average().orElse(0);
    double reachable = seen.get(seen.size() - 1).reachablePromptTokens();
    return String.format(java.util.Locale.ROOT,
        "SLO unreachable for ~%.1f%% of requests (prompts over %.0f tokens miss the TTFT objective even on an idle"
            + " replica; estimated in %d of %d cycles, not planned for)", 100 * share, reachable, seen.size(),
        reports.size());
  }

  /** Every decision the cycle took, in order. */
  public List<Decision> decisions() {
    return reports.stream().map(CycleReport::decision).toList();
  }

  /** Every cycle's report, in order. */
  public List<CycleReport> reports() {
    return List.copyOf(reports);
  }
}
