package io.costslo.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.cost.CostModel;
import io.costslo.core.cost.GpuPrice;
import io.costslo.core.decision.Reason;
import io.costslo.core.load.Load;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.CostPolicy.Budget;
import io.costslo.core.policy.Priority;
import io.costslo.core.testing.Policies;
import io.costslo.core.units.UsdPerHour;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Readable scenarios for each selection rule (the exhaustive test covers them at random). */
class SelectionRulesTest {
  private static final CostModel COSTS = CostModel.of(GpuPrice.of(4, 1.5), 1, 0.05, Duration.ofMinutes(5));
  private static final Load LOAD = Load.of(30, 800, 200);

  private static Policies base() {
    return Policies.on(BuiltInProfiles.LLAMA_8B_H100).objective(0.99, 2000, 60).replicas(1, 40)
        .batchCaps(List.of(32, 128), 128);
  }

  private static Optimization run(CostPolicy p, Load load) {
    return FrontierOptimizer.optimize(p, load, COSTS);
  }

  @Test
  void cheapestFeasibleMeetsBoth() {
    Optimization o = run(base().build(), LOAD);
    assertThat(o.reason()).isEqualTo(Reason.CheapestFeasible);
    assertThat(o.chosen().meetsSlo()).isTrue();
    assertThat(o.chosen().withinBudget()).isTrue();
    // One replica fewer at the same cap misses the objectives: it really is the cheapest.
    FrontierPoint fewer = o.pointFor(o.chosen().plan().totalReplicas() - 1, o.chosen().plan().batchCap()).orElseThrow();
    assertThat(fewer.meetsSlo()).isFalse();
  }

  @Test
  void sloFirstGoesOverBudget() {
    double needed = run(base().build(), LOAD).chosen().expectedCost().value();
    CostPolicy p = base().budget(Budget.perHour(UsdPerHour.of(needed / 2))).priority(Priority.SLO).build();
    Optimization o = run(p, LOAD);
    assertThat(o.reason()).isEqualTo(Reason.OverBudgetSloFirst);
    assertThat(o.chosen().meetsSlo()).isTrue();
    assertThat(o.chosen().withinBudget()).isFalse();
    assertThat(o.chosen().expectedCost().value()).isEqualTo(needed);
  }

  @Test
  void budgetFirstBuysTheBestLatencyItCan() {
    double needed = run(base().build(), LOAD).chosen().expectedCost().value();
    CostPolicy p = base().budget(Budget.perHour(UsdPerHour.of(needed * 0.7))).priority(Priority.BUDGET).build();
    Optimization o = run(p, LOAD);
    assertThat(o.reason()).isEqualTo(Reason.SloAtRiskBudgetFirst);
    assertThat(o.chosen().withinBudget()).isTrue();
    assertThat(o.chosen().meetsSlo()).isFalse();
    FrontierPoint oneMore = o.pointFor(o.chosen().plan().totalReplicas() + 1, o.chosen().plan().batchCap()).orElseThrow();
    assertThat(oneMore.withinBudget()).as("one more replica would break the budget").isFalse();
  }

  @Test
  void unreachableObjectivesGetTheCheapestPlanAsGoodAsTheBestLatency() {
    // An ITL below the bare step time cannot be met by any plan.
    CostPolicy p = base().objective(0.99, 2000, 5).build();
    Optimization o = run(p, LOAD);
    assertThat(o.reason()).isEqualTo(Reason.SloUnreachable);
    double best = Double.POSITIVE_INFINITY;
    for (int cap : List.of(32, 128)) {
      best = Math.min(best, ratio(p, 40, cap));
    }
    Plan chosen = o.chosen().plan();
    assertThat(o.chosen().sloRatio()).isLessThanOrEqualTo(best * FrontierOptimizer.UNREACHABLE_RATIO_SLACK);
    // The last few percent of latency would cost the rest of the replica range: not bought.
    assertThat(chosen.totalReplicas()).isLessThan(40);
    assertThat(ratio(p, chosen.totalReplicas() - 1, chosen.batchCap()))
        .as("one replica fewer falls outside the slack").isGreaterThan(best * FrontierOptimizer.UNREACHABLE_RATIO_SLACK);
  }

  private static double ratio(CostPolicy p, int replicas, int cap) {
    return FrontierOptimizer.sloRatio(p.objective(), LatencyModel.predict(p.capacity().profile(), LOAD, replicas, cap,
        p.objective().percentile()));
  }

  @Test
  void overloadTakesTheMostCapacityNeverTheMinimum() {
    // Ten times what 40 replicas can carry: every plan saturates.
    double perReplica = LatencyModel.maxRequestRatePerReplica(BuiltInProfiles.LLAMA_8B_H100, LOAD, 128).value();
    Load flood = LOAD.withRate(io.costslo.core.units.RequestsPerSecond.of(perReplica * 400));
    Optimization o = run(base().build(), flood);
    assertThat(o.reason()).isEqualTo(Reason.SloUnreachable);
    assertThat(o.chosen().plan().totalReplicas()).isEqualTo(40);
    assertThat(o.chosen().plan().batchCap()).as("the cap with the most throughput").isEqualTo(128);
    assertThat(io.costslo.core.decision.StabilityGuard.apply(base().build(), o, new Plan(1, 0, 128),
        java.time.Instant.EPOCH, io.costslo.core.decision.StabilityState.empty()).message())
        .contains("SLO unreachable").contains("saturate");
  }

  @Test
  void overloadUnderBudgetFirstSpendsTheWholeBudget() {
    double perReplica = LatencyModel.maxRequestRatePerReplica(BuiltInProfiles.LLAMA_8B_H100, LOAD, 128).value();
    Load flood = LOAD.withRate(io.costslo.core.units.RequestsPerSecond.of(perReplica * 400));
    double tenReplicas = COSTS.expectedValue(10, 0);
    CostPolicy p = base().budget(Budget.perHour(UsdPerHour.of(tenReplicas))).priority(Priority.BUDGET).build();
    Optimization o = run(p, flood);
    assertThat(o.reason()).isEqualTo(Reason.SloAtRiskBudgetFirst);
    assertThat(o.chosen().plan().totalReplicas()).isEqualTo(10);
    assertThat(o.chosen().withinBudget()).isTrue();
  }

  @Test
  void unreachableBudgetGetsTheCheapest() {
    CostPolicy p = base().replicas(3, 40).budget(Budget.perHour(UsdPerHour.of(1))).priority(Priority.BUDGET).build();
    Optimization o = run(p, LOAD);
    assertThat(o.reason()).isEqualTo(Reason.BudgetUnreachable);
    assertThat(o.chosen().plan().totalReplicas()).isEqualTo(3);
  }

  @Test
  void noTrafficMeansTheBounds() {
    Optimization o = run(base().replicas(0, 40).build(), Load.of(0, 800, 200));
    assertThat(o.reason()).isEqualTo(Reason.BoundsOnly);
    assertThat(o.chosen().plan().totalReplicas()).isZero();
  }

  @Test
  void spotKeepsAnOnDemandFloorThatCarriesTheLoadAndRespectsTheShare() {
    CostPolicy p = base().spot(0.75, 1, 0.05, Duration.ofMinutes(5)).build();
    // Enough load for several replicas, so a floor and a spot share both exist.
    Load load = Load.of(120, 800, 200);
    Optimization o = run(p, load);
    Plan plan = o.chosen().plan();
    assertThat(plan.spotReplicas()).isPositive();
    assertThat(plan.spotReplicas()).isLessThanOrEqualTo((int) Math.floor(0.75 * plan.totalReplicas()));
    assertThat(LatencyModel.predict(BuiltInProfiles.LLAMA_8B_H100, load, plan.onDemandReplicas(), plan.batchCap(), 0.99)
        .saturated()).as("on-demand alone survives losing every spot replica").isFalse();
    assertThat(LatencyModel.predict(BuiltInProfiles.LLAMA_8B_H100, load, plan.onDemandReplicas() - 1, plan.batchCap(),
        0.99).saturated()).as("and not one more on-demand than needed").isTrue();
  }

  @Test
  void riskySpotIsNotJudgedOnPriceAlone() {
    // Spot at a third of the price, but preempted twice an hour for 30 minutes each time.
    CostModel risky = CostModel.of(GpuPrice.of(4, 1.3), 1, 2.0, Duration.ofMinutes(30));
    CostPolicy p = base().spot(0.9, 0, 2.0, Duration.ofMinutes(30)).build();
    Optimization o = FrontierOptimizer.optimize(p, LOAD, risky);
    assertThat(o.chosen().plan().spotReplicas()).isZero();
  }

  @Test
  void frontierIsSortedByCostWithFallingRatio() {
    List<FrontierPoint> f = run(base().spot(0.5, 1, 0.05, Duration.ofMinutes(5)).build(), LOAD).frontier();
    assertThat(f).hasSizeGreaterThan(3);
    for (int i = 1; i < f.size(); i++) {
      assertThat(f.get(i).expectedCost().value()).isGreaterThan(f.get(i - 1).expectedCost().value());
      assertThat(f.get(i).sloRatio()).isLessThan(f.get(i - 1).sloRatio());
    }
  }
}
