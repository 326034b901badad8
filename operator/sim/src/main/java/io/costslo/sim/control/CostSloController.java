package io.costslo.sim.control;

import io.costslo.core.cost.PriceSource;
import io.costslo.core.cycle.InMemoryDecisionEvents;
import io.costslo.core.cycle.PlanRealizer;
import io.costslo.core.cycle.ScalingCycle;
import io.costslo.core.decision.Decision;
import io.costslo.core.decision.InMemoryDecisionStore;
import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.units.RequestsPerSecond;
import io.costslo.sim.engine.Controller;
import io.costslo.sim.engine.SimContext;
import io.costslo.sim.engine.WindowStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's own decision loop: the core's {@link ScalingCycle}, unchanged, with its ports
 * implemented by the simulated cluster. The metrics source reports what vLLM's metrics give over the
 * query window (completion rate, prompt/generation token rates over it, running, waiting, KV usage,
 * latency percentiles), the realizer changes the simulated Deployments (cold starts, rollouts,
 * preemptions apply), the store and events are the core's in-memory defaults.
 */
public final class CostSloController implements Controller {
  public static final String POLICY_KEY = "default/llm";

  private final CostPolicy policy;
  private final PriceSource prices;
  private final Plan initial;
  private final Duration reconcileInterval;
  private final Duration metricsWindow;
  private final InMemoryDecisionEvents events = new InMemoryDecisionEvents();
  private final List<Decision> decisions = new ArrayList<>();
  private SimContext context;
  private final ScalingCycle cycle;

  public CostSloController(CostPolicy policy, PriceSource prices, Plan initial, Duration reconcileInterval,
      Duration metricsWindow) {
    this.policy = policy;
    this.prices = prices;
    this.initial = initial;
    this.reconcileInterval = reconcileInterval;
    this.metricsWindow = metricsWindow;
    MetricsSource metrics = this::observe;
    PlanRealizer realizer = (key, plan) -> context.apply(plan);
    this.cycle = new ScalingCycle(metrics, prices, realizer, new InMemoryDecisionStore(), events);
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
    this.context = ctx;
    MetricsQuery query = new MetricsQuery("default", "llm", metricsWindow, policy.objective().percentile(), Map.of());
    decisions.add(cycle.run(POLICY_KEY, policy, query, ctx.desired(), ctx.now()));
  }

  /** Every decision the cycle took, in order. */
  public List<Decision> decisions() {
    return List.copyOf(decisions);
  }

  private Observation observe(MetricsQuery query) throws MetricsUnavailableException {
    WindowStats w = context.window(query.window(), query.percentile());
    if (w.readyPodsNow() == 0) {
      throw new MetricsUnavailableException("NoReadyPods", "no ready pod to read metrics from");
    }
    double rate = w.completionsPerSecond();
    // Mean lengths as the operator derives them: token rates over the completion rate.
    Load load = new Load(RequestsPerSecond.of(rate),
        TokenLengths.ofMean(rate > 0 ? w.promptTokensPerSecond() / rate : 0),
        TokenLengths.ofMean(rate > 0 ? w.generationTokensPerSecond() / rate : 0));
    return new Observation(context.now(), Duration.ofNanos(Math.round(w.windowSeconds() * 1e9)), load,
        seconds(w.ttftSeconds()), seconds(w.itlSeconds()), query.percentile(), w.meanRunning(), w.meanWaiting(),
        w.meanKvUsage(), w.readyPodsNow(), List.of());
  }

  private static Optional<Duration> seconds(double s) {
    return Double.isFinite(s) ? Optional.of(Duration.ofNanos(Math.round(s * 1e9))) : Optional.empty();
  }
}
