package io.costslo.core.cycle;

import io.costslo.core.cost.CostModel;
import io.costslo.core.cost.GpuPrice;
import io.costslo.core.cost.GpuTypes;
import io.costslo.core.cost.PriceSource;
import io.costslo.core.decision.Decision;
import io.costslo.core.decision.DecisionStore;
import io.costslo.core.decision.Reason;
import io.costslo.core.decision.StabilityGuard;
import io.costslo.core.decision.StabilityState;
import io.costslo.core.feedback.Adjustment;
import io.costslo.core.feedback.ClosedLoop;
import io.costslo.core.load.Load;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.plan.Optimization;
import io.costslo.core.plan.OverloadAnswer;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.units.UsdPerHour;
import java.time.Instant;
import java.util.Optional;

/**
 * One control cycle: collect -> evaluate -> plan -> guard (stability) -> realize. The Kubernetes
 * reconciler and the simulator both drive this class; nothing else decides.
 *
 * <p>On missing metrics the current plan is held (never scaled down on missing data), except that a
 * configured fallback replica count is enforced when the current total is below it, as KEDA does.
 */
public final class ScalingCycle {
  private final MetricsSource metrics;
  private final PriceSource prices;
  private final PlanRealizer realizer;
  private final DecisionStore store;
  private final DecisionEvents events;
  private final Optional<ClosedLoop> closedLoop;

  public ScalingCycle(MetricsSource metrics, PriceSource prices, PlanRealizer realizer, DecisionStore store,
      DecisionEvents events) {
    this(metrics, prices, realizer, store, events, Optional.empty());
  }

  /**
   * A cycle that plans with what the closed loop learnt from observed latency, demand and the
   * error budget; empty plans open-loop on the observed load, as before.
   */
  public ScalingCycle(MetricsSource metrics, PriceSource prices, PlanRealizer realizer, DecisionStore store,
      DecisionEvents events, Optional<ClosedLoop> closedLoop) {
    this.metrics = metrics;
    this.prices = prices;
    this.realizer = realizer;
    this.store = store;
    this.events = events;
    this.closedLoop = closedLoop;
  }

  /**
   * Runs one cycle for a policy.
   *
   * @param policyKey stable key for the store, e.g. "namespace/name"
   * @param policy the decoded policy
   * @param query what to read from the metrics source
   * @param current the plan running now
   * @param now the cycle's clock
   */
  public Decision run(String policyKey, CostPolicy policy, MetricsQuery query, Plan current, Instant now) {
    double percentile = policy.objective().percentile();
    Optional<GpuPrice> price = resolvePrice(policy, prices);
    Optional<CostModel> costs = price.map(p -> costModel(policy, p));

    Observation observation;
    try {
      observation = metrics.observe(query);
    } catch (MetricsUnavailableException e) {
      return finish(policyKey, current, onMissingMetrics(policy, current, now, costs, e), store.stability(policyKey));
    }
    if (costs.isEmpty()) {
      Decision hold = Decision.held(now, current, Reason.HoldOnMissingPrice,
          "no price for GPU type " + policy.capacity().gpuType() + "; holding " + current,
          Optional.empty(), Optional.empty(), percentile);
      return finish(policyKey, current, hold, store.stability(policyKey));
    }

    CostPolicy planning = policy;
    Load load = observation.load();
    Optional<Adjustment> adjustment = Optional.empty();
    if (closedLoop.isPresent()) {
      adjustment = Optional.of(closedLoop.get().apply(policyKey, policy, observation, current, costs.get(), now,
          store.stability(policyKey).lastBatchChange()));
      planning = adjustment.get().policy();
      load = adjustment.get().load();
    }
    Optimization optimization = FrontierOptimizer.optimize(planning, load, costs.get(),
        adjustment.map(Adjustment::overloadAnswer).orElse(OverloadAnswer.BEST_LATENCY));
    StabilityGuard.Outcome guarded =
        StabilityGuard.apply(planning, optimization, current, now, store.stability(policyKey),
            adjustment.map(Adjustment::warmingUp).orElse(false));
    Reason reason = guarded.reason();
    String message = guarded.message();
    if (adjustment.isPresent() && adjustment.get().sloUnreachable()) {
      // The overload path's reason, for a share no size serves: the plan meets the objectives for the
      // rest, and status and events say for how many requests the SLO is out of reach.
      if (reason == Reason.CheapestFeasible || reason == Reason.OverBudgetSloFirst) {
        reason = Reason.SloUnreachable;
      }
      message = adjustment.get().unreachableNote() + "; " + message;
    }
    if (adjustment.isPresent() && !adjustment.get().batchNote().isEmpty()) {
      message = adjustment.get().batchNote() + "; " + message;
    }
    Decision decision = Decision.of(now, guarded.point(), reason, message, percentile,
        optimization.frontierThroughCheapestMeeting(FrontierOptimizer.DECISION_FRONTIER_BEYOND_MEETING));
    if (optimization.reachable().isPresent()) {
      // Predicted at the percentile the plan was chosen at; at the objectives' own it misses them.
      decision = decision.predictedAt(optimization.reachable().get().planned(), false);
    }
    return finish(policyKey, current, decision, guarded.state());
  }

  private Decision finish(String policyKey, Plan current, Decision decision, StabilityState state) {
    if (!decision.plan().equals(current)) {
      realizer.realize(policyKey, decision.plan());
    }
    store.save(policyKey, decision, state);
    events.report(policyKey, decision);
    return decision;
  }

  private static Decision onMissingMetrics(CostPolicy policy, Plan current, Instant now, Optional<CostModel> costs,
      MetricsUnavailableException e) {
    double percentile = policy.objective().percentile();
    String why = "metrics unavailable (" + e.reason() + ": " + e.getMessage() + ")";
    int total = current.totalReplicas();
    int fallback = policy.fallbackReplicas().orElse(0);
    // The bounds are the user's, not the data's, so they hold even without metrics; within them
    // nothing is scaled down on missing data.
    int wanted = Math.min(policy.replicas().max(), Math.max(policy.replicas().min(), Math.max(total, fallback)));
    Plan next;
    Reason reason;
    String message;
    if (wanted == total) {
      next = current;
      reason = Reason.HoldOnMissingMetrics;
      message = why + "; holding " + current;
    } else if (wanted > total) {
      // Add on-demand capacity: with no data, spot would only add risk.
      next = current.withReplicas(current.onDemandReplicas() + wanted - total, current.spotReplicas());
      reason = wanted == fallback && fallback > policy.replicas().min() ? Reason.FallbackOnMissingMetrics
          : Reason.ClampedToBounds;
      message = why + "; raised to " + (reason == Reason.FallbackOnMissingMetrics ? "the fallback of " : "replicas.min of ")
          + wanted + " replicas";
    } else {
      int excess = total - wanted;
      int spotRemoved = Math.min(excess, current.spotReplicas());
      next = current.withReplicas(current.onDemandReplicas() - (excess - spotRemoved), current.spotReplicas() - spotRemoved);
      reason = Reason.ClampedToBounds;
      message = why + "; lowered to replicas.max of " + wanted + " replicas";
    }
    return Decision.held(now, next, reason, message,
        costs.map(c -> c.billed(next.onDemandReplicas(), next.spotReplicas())),
        costs.map(c -> c.expected(next.onDemandReplicas(), next.spotReplicas())), percentile);
  }



  /** Policy override first, then the price source; the policy's spot override wins for spot. */
  public static Optional<GpuPrice> resolvePrice(CostPolicy policy, PriceSource source) {
    String gpu = GpuTypes.canonical(policy.capacity().gpuType());
    Optional<GpuPrice> price = Optional.ofNullable(policy.priceOverrides().get(gpu)).or(() -> source.price(gpu));
    Optional<UsdPerHour> spot = policy.spot().spotPricePerGpu();
    return spot.isPresent() ? price.map(p -> p.withSpot(spot.get())) : price;
  }

  /** The cost model a policy implies at a GPU price. */
  public static CostModel costModel(CostPolicy policy, GpuPrice price) {
    return CostModel.of(price, policy.capacity().gpusPerReplica(),
        policy.spot().enabled() ? policy.spot().preemptionsPerReplicaHour() : 0.0, policy.spot().recoveryTime());
  }
}
