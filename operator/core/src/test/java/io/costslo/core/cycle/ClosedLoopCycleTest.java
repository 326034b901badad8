package io.costslo.core.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.cost.BuiltInPrices;
import io.costslo.core.cost.CostModel;
import io.costslo.core.decision.Decision;
import io.costslo.core.decision.InMemoryDecisionStore;
import io.costslo.core.decision.Reason;
import io.costslo.core.feedback.BurstReserve;
import io.costslo.core.feedback.ClosedLoop;
import io.costslo.core.feedback.ClosedLoopAdjustment;
import io.costslo.core.feedback.InMemoryFeedbackStore;
import io.costslo.core.feedback.LatencyCorrector;
import io.costslo.core.load.Load;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.model.LatencyPrediction;
import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.CostPolicy.Budget;
import io.costslo.core.policy.CostPolicy.StabilityOptions;
import io.costslo.core.policy.Priority;
import io.costslo.core.testing.Policies;
import io.costslo.core.units.UsdPerHour;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The cycle with the closed loop against fleets whose real latency is not the model's. */
class ClosedLoopCycleTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final MetricsQuery QUERY = new MetricsQuery("ns", "llm", Duration.ofMinutes(1), 0.99, Map.of());
  private static final String KEY = "ns/llm";
  private static final Load LOAD = Load.of(200, 800, 200);
  private static final BuiltInPrices PRICES = new BuiltInPrices();

  private static Policies policy(long itlMillis, boolean stable) {
    return Policies.on(BuiltInProfiles.LLAMA_8B_H100).objective(0.99, 1000, itlMillis).replicas(1, 200)
        .batchCaps(List.of(64), 64).stability(stable ? StabilityOptions.defaults() : StabilityOptions.none());
  }

  private static CostModel costs(CostPolicy p) {
    return ScalingCycle.costModel(p, ScalingCycle.resolvePrice(p, PRICES).orElseThrow());
  }

  /** The plan the open-loop optimizer picks for the offered load: where both runs start. */
  private static Plan openLoopPlan(CostPolicy p) {
    return FrontierOptimizer.optimize(p, LOAD, costs(p)).chosen().plan();
  }

  private static List<Decision> run(ClosedLoopWorld world, CostPolicy policy, Optional<ClosedLoop> loop, int cycles) {
    ScalingCycle cycle = new ScalingCycle(world, PRICES, world, new InMemoryDecisionStore(),
        new InMemoryDecisionEvents(), loop);
    List<Decision> decisions = new ArrayList<>();
    for (int i = 0; i < cycles; i++) {
      world.now = T0.plusSeconds(30L * i);
      decisions.add(cycle.run(KEY, policy, QUERY, world.plan, world.now));
    }
    return decisions;
  }

  private static boolean reallyMeets(ClosedLoopWorld world, CostPolicy p, int total) {
    LatencyPrediction t = world.truth(new Plan(total, 0, 64));
    return !t.saturated() && p.objective().ratio(t.ttftMillis(), t.itlMillis()) <= 1;
  }

  /** The cheapest fleet that really meets the objectives, found by trying every size. */
  private static int smallestReallyMeeting(ClosedLoopWorld world, CostPolicy p) {
    for (int n = p.replicas().min(); n <= p.replicas().max(); n++) {
      if (reallyMeets(world, p, n)) {
        return n;
      }
    }
    throw new AssertionError("no size meets");
  }

  private static List<Integer> totals(List<Decision> ds) {
    return ds.stream().map(d -> d.plan().totalReplicas()).toList();
  }

  @ParameterizedTest(name = "stability window: {0}")
  @ValueSource(booleans = {false, true})
  void latencyTwiceTheModelAddsCapacityWithinAFewCyclesAndConverges(boolean stable) {
    CostPolicy p = policy(66, stable).build();
    Plan start = openLoopPlan(p);
    ClosedLoopWorld open = new ClosedLoopWorld(BuiltInProfiles.LLAMA_8B_H100, 2.0, LOAD, start, T0);
    List<Integer> openTotals = totals(run(open, p, Optional.empty(), 20));
    assertThat(openTotals).as("open loop never reacts").containsOnly(start.totalReplicas());
    assertThat(reallyMeets(open, p, start.totalReplicas())).as("and misses").isFalse();

    ClosedLoopWorld world = new ClosedLoopWorld(BuiltInProfiles.LLAMA_8B_H100, 2.0, LOAD, start, T0);
    List<Integer> closed = totals(run(world, p, Optional.of(ClosedLoop.inMemory()), 40));
    int truth = smallestReallyMeeting(world, p);
    assertThat(closed.get(0)).as("first cycle already adds capacity: %s", closed).isGreaterThan(start.totalReplicas());
    assertThat(closed.subList(10, 40)).as("converged by cycle 10: %s", closed).containsOnly(truth);
  }

  @ParameterizedTest(name = "stability window: {0}")
  @ValueSource(booleans = {false, true})
  void latencyHalfTheModelShedsCapacity(boolean stable) {
    // An ITL objective at which the factor's bound is worth at least one whole replica on this profile
    // (asserted below), so shedding is observable.
    CostPolicy p = policy(45, stable).build();
    Plan start = openLoopPlan(p);
    ClosedLoopWorld world = new ClosedLoopWorld(BuiltInProfiles.LLAMA_8B_H100, 0.5, LOAD, start, T0);
    List<Decision> ds = run(world, p, Optional.of(ClosedLoop.inMemory()), 40);
    List<Integer> closed = totals(ds);
    assertThat(smallestReallyMeeting(world, p)).isLessThan(start.totalReplicas());
    // The loop trusts a pessimistic model only down to its bound on the factor: it sheds to what a
    // fleet with that factor really needs, after enough windows agree (and the stability window).
    double bound = LatencyCorrector.Options.defaults().minFactor();
    int expected = smallestReallyMeeting(new ClosedLoopWorld(BuiltInProfiles.LLAMA_8B_H100, bound, LOAD, start, T0), p);
    assertThat(expected).isLessThan(start.totalReplicas());
    // With a stability window the fleet found running is also kept while the loop warms up (its history
    // spans fewer than BurstReserve.WARM_UP_COLD_STARTS cold starts: 15 min, 30 cycles).
    int warmUp = (int) (BurstReserve.WARM_UP_COLD_STARTS
        * ClosedLoopAdjustment.Options.defaults().coldStart().getSeconds() / 30);
    if (stable) {
      assertThat(closed.subList(0, warmUp)).as("warming up: %s", closed).containsOnly(start.totalReplicas());
    }
    assertThat(closed.subList(stable ? warmUp + 1 : 10, 40)).as("shed: %s", closed).containsOnly(expected);
    assertThat(closed).allMatch(n -> reallyMeets(world, p, n));
  }

  @Test
  void correctionsNeverLeaveTheBoundsOrTheBudgetOfABudgetFirstPolicy() {
    Random r = new Random(1313);
    for (int c = 0; c < 40; c++) {
      int min = 1 + r.nextInt(10);
      int max = min + r.nextInt(60);
      double slowdown = Math.exp((r.nextDouble() * 2 - 1) * Math.log(20));
      Load load = Load.of(r.nextDouble() * 300, 200 + r.nextInt(3000), 50 + r.nextInt(400));
      Policies b = policy(20 + r.nextInt(100), r.nextBoolean()).replicas(min, max);
      double capUsd = -1;
      if (r.nextBoolean()) {
        capUsd = 6.88 * (min + r.nextInt(max - min + 1));
        b = b.budget(Budget.perHour(UsdPerHour.of(capUsd))).priority(Priority.BUDGET);
      }
      CostPolicy p = b.build();
      ClosedLoopWorld world = new ClosedLoopWorld(BuiltInProfiles.LLAMA_8B_H100, slowdown, load,
          new Plan(min, 0, 64), T0);
      for (Decision d : run(world, p, Optional.of(ClosedLoop.inMemory()), 25)) {
        String what = "case " + c + " slowdown " + slowdown + " " + d.reason() + " " + d.plan();
        assertThat(d.plan().totalReplicas()).as(what).isBetween(min, max);
        if (capUsd > 0) {
          assertThat(d.expectedCost().orElseThrow().value()).as(what).isLessThanOrEqualTo(capUsd + 1e-9);
        }
      }
    }
  }

  @Test
  void feedbackStateAndFiguresAreSavedForStatus() {
    CostPolicy p = policy(66, false).build();
    ClosedLoopWorld world = new ClosedLoopWorld(BuiltInProfiles.LLAMA_8B_H100, 2.0, LOAD, openLoopPlan(p), T0);
    InMemoryFeedbackStore store = new InMemoryFeedbackStore();
    ClosedLoop loop = new ClosedLoop(new ClosedLoopAdjustment(ClosedLoopAdjustment.Options.defaults()), store);
    run(world, p, Optional.of(loop), 3);
    var last = store.last(KEY).orElseThrow();
    assertThat(last.ttftFactor()).isGreaterThan(1.5);
    // The raw model is 2x off: status says so, whatever the correction has already absorbed.
    assertThat(last.disagreement().beyondTolerance()).isTrue();
    assertThat(last.disagreement().itlRatio()).isCloseTo(2.0, org.assertj.core.api.Assertions.within(1e-3));
    assertThat(store.load(KEY)).isEqualTo(last.state());
    assertThat(last.summary()).contains("correction TTFT x").contains("headroom");
  }

  @Test
  void overloadWithTheLoopStillTakesTheMostCapacity() {
    CostPolicy p = policy(66, false).replicas(1, 8).build();
    ClosedLoopWorld world = new ClosedLoopWorld(BuiltInProfiles.LLAMA_8B_H100, 2.0, LOAD, new Plan(1, 0, 64), T0);
    List<Decision> ds = run(world, p, Optional.of(ClosedLoop.inMemory()), 5);
    // The first cycle sees only what one saturated replica completes and its queue (no growth yet);
    // from the second the queue's growth shows the demand, and overload takes everything allowed.
    assertThat(ds.subList(1, 5)).allMatch(d -> d.plan().totalReplicas() == 8 && d.reason() == Reason.SloUnreachable);
    assertThat(ds.get(0).plan().totalReplicas()).isGreaterThan(1);
  }
}
