package io.costslo.sim.quota;

import io.costslo.core.cost.CostModel;
import io.costslo.core.cost.PriceSource;
import io.costslo.core.cycle.CycleInput;
import io.costslo.core.cycle.CycleReport;
import io.costslo.core.cycle.InMemoryPolicyStateStore;
import io.costslo.core.cycle.Mode;
import io.costslo.core.cycle.PolicyCycle;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.quota.QuotaBudget;
import io.costslo.core.quota.QuotaDemand;
import io.costslo.core.quota.QuotaMember;
import io.costslo.core.units.TokensPerSecond;
import io.costslo.core.units.UsdPerHour;
import io.costslo.sim.control.CostSloController;
import io.costslo.sim.control.SimulatedCluster;
import io.costslo.sim.engine.Controller;
import io.costslo.sim.engine.SimContext;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One deployment's costslo loop under a quota: the core's {@link PolicyCycle}, the cycle the
 * operator's reconciler runs (calibration, spot rule, closed loop, stability), through the simulated
 * cluster's ports ({@link SimulatedCluster}, in-memory state store). Each control step it does what
 * the operator's policy and quota reconcilers do between them: report what it spends, wants and cannot go below
 * (read off the last cycle's frontier, {@link QuotaDemand}), take the quota's allowance, and run the cycle with the
 * allowance as its spend cap ({@link QuotaBudget}).
 *
 * <p>Spend is what the simulated fleet billed over the last step, not the plan's expected rate the
 * operator's status carries: replicas bill while they start, drain and roll, and over a month that
 * is a few percent the plan's rate does not show (measured: about 4% on the example team).
 */
final class QuotaController implements Controller {
  static final Duration INTERVAL = Duration.ofSeconds(30);
  static final Duration WINDOW = Duration.ofMinutes(2);

  private final QuotaSimulation.Deployment deployment;
  private final CostModel costs;
  private final QuotaCoordinator quota;
  private final Plan initial;
  private final SimulatedCluster cluster = new SimulatedCluster(INTERVAL);
  private final PolicyCycle cycle;
  private Optional<CycleReport> last = Optional.empty();
  private Optional<UsdPerHour> wanted = Optional.empty();
  private double cutHours;
  private double billedBefore = Double.NaN;
  private double billedAt;
  private double overAllowanceHours;

  QuotaController(QuotaSimulation.Deployment deployment, PriceSource prices, CostModel costs, QuotaCoordinator quota,
      Plan initial) {
    this.deployment = deployment;
    this.costs = costs;
    this.quota = quota;
    this.initial = initial;
    this.cycle = new PolicyCycle(cluster, prices, cluster, new InMemoryPolicyStateStore(), r -> last = Optional.of(r));
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
    var view = cluster.view(ctx);
    Plan desired = ctx.desired();
    UsdPerHour planned = last.flatMap(CycleReport::budget).map(b -> b.spend())
        .orElseGet(() -> costs.expected(desired.onDemandReplicas(), desired.spotReplicas()));
    UsdPerHour spend = billedRate(ctx).orElse(planned);
    TokensPerSecond tokens = last.flatMap(CycleReport::observation).map(o -> o.load().outputTokenRate())
        .orElse(TokensPerSecond.of(0));
    UsdPerHour minimum = QuotaDemand.floor(deployment.policy(), costs);
    QuotaMember member = new QuotaMember(deployment.name(), deployment.priority(), deployment.keepSlo(),
        wanted.orElse(spend), minimum);
    Optional<UsdPerHour> allowance = quota.tick(new QuotaCoordinator.Report(member, spend, tokens), ctx.now());
    CostPolicy policy = allowance.map(a -> QuotaBudget.apply(deployment.policy(), a, Optional.of(planned))).orElse(deployment.policy());
    MetricsQuery query = new MetricsQuery("sim", deployment.name(), WINDOW, policy.objective().percentile(), Map.of());
    CycleReport report = cycle.run(new CycleInput(deployment.name(), policy, query, Mode.ENFORCE,
        CostSloController.HEALTHY_PERIOD, ctx.now()), view);
    cluster.applied(ctx);
    QuotaDemand.wanted(report.decision().frontier()).ifPresent(x -> wanted = Optional.of(x));
    double hours = INTERVAL.toSeconds() / 3600.0;
    // Cut: the quota gave less than what this deployment asked it for.
    if (allowance.isPresent() && allowance.get().value() < member.wanted().value() - 1e-9) {
      cutHours += hours;
    }
    if (allowance.isPresent() && report.budget().isPresent()
        && report.budget().get().spend().value() > allowance.get().value() + 1e-9) {
      overAllowanceHours += hours;
    }
  }

  /**
   * What the fleet billed per hour since the last step: cold starts, drains and rollouts included,
   * which the plan's rate (all the operator's status gives its quota) leaves out.
   */
  private Optional<UsdPerHour> billedRate(SimContext ctx) {
    double billed = ctx.billedUsd();
    double at = ctx.nowSeconds();
    Optional<UsdPerHour> rate = Double.isFinite(billed) && Double.isFinite(billedBefore) && at > billedAt
        ? Optional.of(UsdPerHour.of((billed - billedBefore) / ((at - billedAt) / 3600.0))) : Optional.empty();
    billedBefore = billed;
    billedAt = at;
    return rate;
  }

  /** Hours the allowance was below what the deployment wanted. */
  double cutHours() {
    return cutHours;
  }

  /** Hours the plan the cycle left cost more than the allowance (replicas.min, a held scale-down). */
  double overAllowanceHours() {
    return overAllowanceHours;
  }
}
