package io.costslo.sim.quota;

import io.costslo.core.cost.CostModel;
import io.costslo.core.cost.PriceSource;
import io.costslo.core.cycle.InMemoryDecisionEvents;
import io.costslo.core.cycle.ScalingCycle;
import io.costslo.core.decision.Decision;
import io.costslo.core.decision.InMemoryDecisionStore;
import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.quota.QuotaBudget;
import io.costslo.core.quota.QuotaDemand;
import io.costslo.core.quota.QuotaMember;
import io.costslo.core.units.RequestsPerSecond;
import io.costslo.core.units.TokensPerSecond;
import io.costslo.core.units.UsdPerHour;
import io.costslo.sim.engine.Controller;
import io.costslo.sim.engine.SimContext;
import io.costslo.sim.engine.WindowStats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One deployment's costslo loop under a quota: the core's {@link ScalingCycle} with its budget
 * tightened to the quota's allowance ({@link QuotaBudget}, as the operator's policy hook does), and
 * what it wants read off the frontier ({@link QuotaDemand}). Metrics as the simulator's costslo
 * controller reads them (vLLM figures over a 2 min window).
 */
final class QuotaController implements Controller {
  static final Duration INTERVAL = Duration.ofSeconds(30);
  static final Duration WINDOW = Duration.ofMinutes(2);

  private final QuotaSimulation.Deployment deployment;
  private final CostModel costs;
  private final QuotaCoordinator quota;
  private final Plan initial;
  private final ScalingCycle cycle;
  private SimContext context;
  private Optional<UsdPerHour> wanted = Optional.empty();
  private double cutHours;

  QuotaController(QuotaSimulation.Deployment deployment, PriceSource prices, CostModel costs, QuotaCoordinator quota,
      Plan initial) {
    this.deployment = deployment;
    this.costs = costs;
    this.quota = quota;
    this.initial = initial;
    this.cycle = new ScalingCycle(this::observe, prices, (key, plan) -> context.apply(plan), new InMemoryDecisionStore(),
        new InMemoryDecisionEvents());
  }

  @Override
  public String name() {
    return deployment.name();
  }

  @Override
  public Plan initialPlan() {
    return initial;
  }

  @Override
  public Duration interval() {
    return INTERVAL;
  }

  @Override
  public void tick(SimContext ctx) {
    this.context = ctx;
    Plan desired = ctx.desired();
    UsdPerHour spend = costs.expected(desired.onDemandReplicas(), desired.spotReplicas());
    WindowStats w = ctx.window(WINDOW, deployment.policy().objective().percentile());
    QuotaMember member = new QuotaMember(deployment.name(), deployment.priority(), deployment.keepSlo(),
        wanted.orElse(spend));
    Optional<UsdPerHour> allowance = quota.tick(new QuotaCoordinator.Report(member, spend,
        TokensPerSecond.of(Math.max(0, w.generationTokensPerSecond()))), ctx.now());
    CostPolicy policy = allowance.map(a -> QuotaBudget.apply(deployment.policy(), a))
        .orElse(deployment.policy());
    MetricsQuery query = new MetricsQuery("sim", deployment.name(), WINDOW, policy.objective().percentile(), Map.of());
    Decision d = cycle.run(deployment.name(), policy, query, desired, ctx.now());
    QuotaDemand.wanted(d.frontier()).ifPresent(x -> wanted = Optional.of(x));
    // Cut: the quota gave less than what this deployment asked it for.
    if (allowance.isPresent() && allowance.get().value() < member.wanted().value() - 1e-9) {
      cutHours += INTERVAL.toSeconds() / 3600.0;
    }
  }

  /** Hours the allowance was below what the deployment wanted. */
  double cutHours() {
    return cutHours;
  }

  private Observation observe(MetricsQuery query) throws MetricsUnavailableException {
    WindowStats w = context.window(query.window(), query.percentile());
    if (w.readyPodsNow() == 0) {
      throw new MetricsUnavailableException("NoReadyPods", "no ready pod to read metrics from");
    }
    double rate = w.completionsPerSecond();
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
