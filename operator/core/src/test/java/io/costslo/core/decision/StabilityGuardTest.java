package io.costslo.core.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.cost.CostModel;
import io.costslo.core.cost.GpuPrice;
import io.costslo.core.load.Load;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.plan.Optimization;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.CostPolicy.StabilityOptions;
import io.costslo.core.testing.Policies;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StabilityGuardTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final CostModel COSTS = CostModel.of(GpuPrice.of(4, 2), 1, 0, Duration.ZERO);
  private static final Load HIGH = Load.of(150, 500, 200);
  private static final Load LOW = Load.of(10, 500, 200);

  private static CostPolicy policy(List<Integer> caps, int defaultCap, StabilityOptions stability) {
    return Policies.on(BuiltInProfiles.LLAMA_8B_H100).objective(0.99, 2000, 60).replicas(1, 40)
        .batchCaps(caps, defaultCap).stability(stability).build();
  }

  /** One cap, spot up to {@code share} with at least {@code minOnDemand} on-demand, a 5-min window. */
  private static CostPolicy spotPolicy(double share, int minOnDemand) {
    return Policies.on(BuiltInProfiles.LLAMA_8B_H100).objective(0.99, 2000, 60).replicas(1, 40)
        .batchCaps(List.of(64), 64).spot(share, minOnDemand, 0.0, Duration.ZERO)
        .stability(new StabilityOptions(Duration.ofMinutes(5), Duration.ZERO, 0)).build();
  }

  private static Optimization optimize(CostPolicy p, Load load) {
    return FrontierOptimizer.optimize(p, load, COSTS);
  }

  @Test
  void scalesUpAtOnce() {
    CostPolicy p = policy(List.of(64), 64, StabilityOptions.defaults());
    Optimization o = optimize(p, HIGH);
    Plan current = new Plan(1, 0, 64);
    assertThat(o.chosen().plan().totalReplicas()).as("precondition").isGreaterThan(1);

    StabilityGuard.Outcome out = StabilityGuard.apply(p, o, current, T0, StabilityState.empty());

    assertThat(out.point().plan()).isEqualTo(o.chosen().plan());
    assertThat(out.reason()).isEqualTo(Reason.CheapestFeasible);
  }

  @Test
  void scalesDownOnlyToTheHighestRecommendationInTheWindow() {
    CostPolicy p = policy(List.of(64), 64, new StabilityOptions(Duration.ofMinutes(5), Duration.ZERO, 0));
    int high = optimize(p, HIGH).chosen().plan().totalReplicas();
    int low = optimize(p, LOW).chosen().plan().totalReplicas();
    assertThat(low).as("precondition").isLessThan(high);

    Plan current = new Plan(high, 0, 64);
    StabilityGuard.Outcome first = StabilityGuard.apply(p, optimize(p, HIGH), current, T0, StabilityState.empty());
    assertThat(first.point().plan()).isEqualTo(current);

    StabilityGuard.Outcome second = StabilityGuard.apply(p, optimize(p, LOW), current, T0.plusSeconds(60), first.state());
    assertThat(second.reason()).isEqualTo(Reason.ScaleDownStabilizing);
    assertThat(second.point().plan().totalReplicas()).isEqualTo(high);

    StabilityGuard.Outcome third = StabilityGuard.apply(p, optimize(p, LOW), current, T0.plusSeconds(299), second.state());
    assertThat(third.point().plan().totalReplicas()).as("T0's recommendation is still in the window").isEqualTo(high);

    StabilityGuard.Outcome fourth = StabilityGuard.apply(p, optimize(p, LOW), current, T0.plusSeconds(301), third.state());
    assertThat(fourth.point().plan().totalReplicas()).isEqualTo(low);
    assertThat(fourth.reason()).isEqualTo(Reason.CheapestFeasible);
    assertThat(fourth.state().recommendations()).allSatisfy(r -> assertThat(r.at()).isAfter(T0));
  }

  @Test
  void partialScaleDownStopsAtAnIntermediateRecommendation() {
    CostPolicy p = policy(List.of(64), 64, new StabilityOptions(Duration.ofMinutes(5), Duration.ZERO, 0));
    StabilityState state = new StabilityState(java.util.Optional.empty(),
        List.of(new StabilityState.Recommendation(T0, 7)));
    Plan current = new Plan(10, 0, 64);
    StabilityGuard.Outcome out = StabilityGuard.apply(p, optimize(p, LOW), current, T0.plusSeconds(30), state);
    assertThat(out.point().plan().totalReplicas()).isEqualTo(7);
    assertThat(out.reason()).isEqualTo(Reason.ScaleDownStabilizing);
  }

  /** Caps 16 and 256 under high load: 256 needs far fewer replicas. */
  private static CostPolicy twoCaps(StabilityOptions stability) {
    return policy(List.of(16, 256), 16, stability);
  }

  @Test
  void batchChangeNeedsTheSavingThreshold() {
    CostPolicy strict = twoCaps(new StabilityOptions(Duration.ZERO, Duration.ZERO, 0.95));
    Optimization o = optimize(strict, HIGH);
    FrontierPointsPrecondition.check(o, 256, 16);
    int stayTotal = o.bestAtBatchCap(16).orElseThrow().plan().totalReplicas();
    Plan current = new Plan(stayTotal, 0, 16);

    StabilityGuard.Outcome deferred = StabilityGuard.apply(strict, o, current, T0, StabilityState.empty());
    assertThat(deferred.reason()).isEqualTo(Reason.BatchChangeDeferred);
    assertThat(deferred.point().plan().batchCap()).isEqualTo(16);
    assertThat(deferred.message()).contains("threshold");
    assertThat(deferred.state().lastBatchChange()).isEmpty();

    CostPolicy lenient = twoCaps(new StabilityOptions(Duration.ZERO, Duration.ZERO, 0.05));
    StabilityGuard.Outcome changed = StabilityGuard.apply(lenient, optimize(lenient, HIGH), current, T0,
        StabilityState.empty());
    assertThat(changed.point().plan().batchCap()).isEqualTo(256);
    assertThat(changed.state().lastBatchChange()).contains(T0);
  }

  @Test
  void batchChangeRespectsTheMinimumInterval() {
    CostPolicy p = twoCaps(new StabilityOptions(Duration.ZERO, Duration.ofMinutes(30), 0.0));
    Optimization o = optimize(p, HIGH);
    int stayTotal = o.bestAtBatchCap(16).orElseThrow().plan().totalReplicas();
    Plan current = new Plan(stayTotal, 0, 16);
    StabilityState changedRecently = new StabilityState(java.util.Optional.of(T0), List.of());

    StabilityGuard.Outcome tooSoon = StabilityGuard.apply(p, o, current, T0.plus(Duration.ofMinutes(29)), changedRecently);
    assertThat(tooSoon.reason()).isEqualTo(Reason.BatchChangeDeferred);
    assertThat(tooSoon.point().plan().batchCap()).isEqualTo(16);

    StabilityGuard.Outcome later = StabilityGuard.apply(p, o, current, T0.plus(Duration.ofMinutes(30)), changedRecently);
    assertThat(later.point().plan().batchCap()).isEqualTo(256);
  }

  @Test
  void aChangeToTheOnlySettingThatMeetsTheObjectivesDoesNotWaitForTheInterval() {
    // replicas.max where cap 256 just meets under high load: no plan at cap 16 meets there.
    int meetsAt256 = optimize(twoCaps(StabilityOptions.none()), HIGH).bestAtBatchCap(256).orElseThrow().plan()
        .totalReplicas();
    CostPolicy p = Policies.on(BuiltInProfiles.LLAMA_8B_H100).objective(0.99, 2000, 60).replicas(1, meetsAt256)
        .batchCaps(List.of(16, 256), 16).stability(new StabilityOptions(Duration.ZERO, Duration.ofMinutes(30), 0.0))
        .build();
    Optimization o = optimize(p, HIGH);
    assertThat(o.bestAtBatchCap(16).orElseThrow().meetsSlo()).as("precondition: cap 16 cannot meet").isFalse();
    assertThat(o.chosen().meetsSlo()).as("precondition: cap 256 meets").isTrue();
    Plan current = new Plan(meetsAt256, 0, 16);
    StabilityState changedRecently = new StabilityState(java.util.Optional.of(T0), List.of());

    StabilityGuard.Outcome out = StabilityGuard.apply(p, o, current, T0.plus(Duration.ofMinutes(1)), changedRecently);

    assertThat(out.point().plan().batchCap()).isEqualTo(256);
    assertThat(out.reason()).isNotEqualTo(Reason.BatchChangeDeferred);
  }

  @Test
  void neverChangesBatchAndScalesDownInOneStep() {
    CostPolicy p = twoCaps(new StabilityOptions(Duration.ZERO, Duration.ZERO, 0.0));
    Optimization o = optimize(p, HIGH);
    int stayTotal = o.bestAtBatchCap(16).orElseThrow().plan().totalReplicas();
    Plan current = new Plan(stayTotal, 0, 16);
    assertThat(o.chosen().plan().totalReplicas()).as("precondition: the new cap needs fewer").isLessThan(stayTotal);

    StabilityGuard.Outcome step1 = StabilityGuard.apply(p, o, current, T0, StabilityState.empty());
    assertThat(step1.reason()).isEqualTo(Reason.BatchChangeScaleDownHeld);
    assertThat(step1.point().plan()).isEqualTo(new Plan(stayTotal, 0, 256));

    StabilityGuard.Outcome step2 = StabilityGuard.apply(p, o, step1.point().plan(), T0.plusSeconds(15), step1.state());
    assertThat(step2.point().plan()).isEqualTo(o.chosen().plan());
  }

  /** Shared precondition: the optimizer prefers {@code to} over {@code from} on its own. */
  static final class FrontierPointsPrecondition {
    static void check(Optimization o, int to, int from) {
      assertThat(o.chosen().plan().batchCap()).as("precondition: optimizer picks cap %d", to).isEqualTo(to);
      assertThat(o.bestAtBatchCap(from)).as("precondition: cap %d has a plan", from).isPresent();
    }
  }

  @Test
  void onDemandIsGivenUpForSpotOnlyAfterTheWindow() {
    CostPolicy p = spotPolicy(0.5, 0);
    Optimization o = optimize(p, HIGH);
    Plan cheapest = o.chosen().plan();
    assertThat(cheapest.spotReplicas()).as("precondition: spot is cheaper here").isPositive();
    Plan allOnDemand = new Plan(cheapest.totalReplicas(), 0, 64);
    // A minute ago the same total was recommended all on-demand (e.g. spot was unsafe at that load).
    StabilityState state = new StabilityState(java.util.Optional.empty(),
        List.of(new StabilityState.Recommendation(T0, cheapest.totalReplicas(), cheapest.totalReplicas())));

    StabilityGuard.Outcome held = StabilityGuard.apply(p, o, allOnDemand, T0.plusSeconds(60), state);
    assertThat(held.point().plan()).isEqualTo(allOnDemand);
    assertThat(held.reason()).isEqualTo(Reason.SpotShiftStabilizing);
    assertThat(held.point().expectedCost().value()).isGreaterThan(o.chosen().expectedCost().value());

    StabilityGuard.Outcome later = StabilityGuard.apply(p, o, allOnDemand, T0.plusSeconds(301), held.state());
    assertThat(later.point().plan()).isEqualTo(cheapest);
    assertThat(later.reason()).isEqualTo(Reason.CheapestFeasible);
  }

  @Test
  void spotIsGivenUpForOnDemandAtOnce() {
    CostPolicy p = spotPolicy(0.0, 0);
    Optimization o = optimize(p, HIGH);
    assertThat(o.chosen().plan().spotReplicas()).as("precondition: max spot share 0").isZero();
    int total = o.chosen().plan().totalReplicas();
    Plan current = new Plan(total - 1, 1, 64);
    StabilityState state = new StabilityState(java.util.Optional.empty(),
        List.of(new StabilityState.Recommendation(T0, total, total - 1)));
    StabilityGuard.Outcome out = StabilityGuard.apply(p, o, current, T0.plusSeconds(30), state);
    assertThat(out.point().plan()).isEqualTo(new Plan(total, 0, 64));
  }
  @Test
  void theFleetFoundRunningIsHeldForAWindowBeforeTheFirstScaleDown() {
    StabilityOptions fiveMinutes = new StabilityOptions(Duration.ofMinutes(5), Duration.ZERO, 0);
    CostPolicy p = policy(List.of(64), 64, fiveMinutes);
    Optimization low = optimize(p, LOW);
    Plan found = new Plan(low.chosen().plan().totalReplicas() + 3, 0, 64);

    StabilityGuard.Outcome first = StabilityGuard.apply(p, low, found, T0, StabilityState.empty());
    assertThat(first.point().plan()).as("adopted: not cut at once").isEqualTo(found);
    assertThat(first.reason()).isEqualTo(Reason.ScaleDownStabilizing);
    StabilityGuard.Outcome later = StabilityGuard.apply(p, low, found, T0.plusSeconds(301), first.state());
    assertThat(later.point().plan()).as("after the window").isEqualTo(low.chosen().plan());

    CostPolicy noWindow = policy(List.of(64), 64, new StabilityOptions(Duration.ZERO, Duration.ZERO, 0));
    Optimization lowNoWindow = optimize(noWindow, LOW);
    StabilityGuard.Outcome undamped = StabilityGuard.apply(noWindow, lowNoWindow, found, T0, StabilityState.empty());
    assertThat(undamped.point().plan()).as("a zero window holds nothing").isEqualTo(lowNoWindow.chosen().plan());
  }

  @Test
  void whileTheLoopWarmsUpTheFleetFoundRunningOutlastsTheWindow() {
    CostPolicy p = policy(List.of(64), 64, new StabilityOptions(Duration.ofMinutes(5), Duration.ZERO, 0));
    Optimization low = optimize(p, LOW);
    Plan found = new Plan(low.chosen().plan().totalReplicas() + 3, 0, 64);

    StabilityGuard.Outcome first = StabilityGuard.apply(p, low, found, T0, StabilityState.empty(), true);
    assertThat(first.state().adopted()).as("recorded at the first decision")
        .contains(new StabilityState.Recommendation(T0, found.totalReplicas(), found.onDemandReplicas()));
    StabilityGuard.Outcome warming = first;
    for (int s = 30; s <= 900; s += 30) {
      warming = StabilityGuard.apply(p, low, found, T0.plusSeconds(s), warming.state(), true);
      assertThat(warming.point().plan()).as("held at %d s while warming up", s).isEqualTo(found);
    }
    assertThat(warming.message()).contains("fleet found running");
    assertThat(warming.state().adopted()).as("the adoption is not re-dated").map(StabilityState.Recommendation::at)
        .contains(T0);

    StabilityGuard.Outcome warm = StabilityGuard.apply(p, low, found, T0.plusSeconds(930), warming.state(), false);
    assertThat(warm.point().plan()).as("warm: the window alone holds").isEqualTo(low.chosen().plan());
    assertThat(warm.state().adopted()).isEmpty();
    StabilityGuard.Outcome after = StabilityGuard.apply(p, low, low.chosen().plan(), T0.plusSeconds(960),
        warm.state(), true);
    assertThat(after.state().adopted()).as("adopted once per policy, not again when warming up anew").isEmpty();
  }

  @Test
  void warmingUpHoldsTheFleetsSizeNotItsOnDemandShare() {
    CostPolicy p = spotPolicy(0.5, 0);
    Optimization low = optimize(p, HIGH);
    assertThat(low.chosen().plan().spotReplicas()).as("precondition: spot is cheaper").isPositive();
    Plan found = new Plan(low.chosen().plan().totalReplicas() + 3, 0, 64);
    StabilityGuard.Outcome first = StabilityGuard.apply(p, low, found, T0, StabilityState.empty(), true);
    StabilityGuard.Outcome later = StabilityGuard.apply(p, low, found, T0.plusSeconds(330), first.state(), true);
    assertThat(later.point().plan().totalReplicas()).as("size held").isEqualTo(found.totalReplicas());
    assertThat(later.point().plan().onDemandReplicas()).as("on-demand given up for spot after the window")
        .isLessThan(found.onDemandReplicas());
  }

  @Test
  void aScaleUpKeepsItsSpotReplicasRatherThanRestartingThemAsOnDemand() {
    CostPolicy p = spotPolicy(0.5, 1);
    Optimization o = optimize(p, HIGH);
    Plan wanted = o.chosen().plan();
    // One spot replica more than the optimizer wants, ordered a moment ago, beside one on-demand.
    int spot = wanted.spotReplicas() + 1;
    assertThat(spot).as("precondition: within the share once scaled up").isLessThanOrEqualTo(wanted.onDemandReplicas());
    Plan current = new Plan(1, spot, 64);
    assertThat(current.totalReplicas()).as("precondition: a scale-up").isLessThan(wanted.totalReplicas());
    StabilityState state = new StabilityState(java.util.Optional.empty(),
        List.of(new StabilityState.Recommendation(T0, current.totalReplicas(), 1)));

    StabilityGuard.Outcome up = StabilityGuard.apply(p, o, current, T0.plusSeconds(30), state);
    assertThat(up.point().plan()).isEqualTo(new Plan(wanted.onDemandReplicas(), spot, 64));
    assertThat(up.reason()).isEqualTo(Reason.SpotShiftStabilizing);
    assertThat(up.message()).contains("spot replicas kept");
    // The next step holds the kept fleet: it is this window's recommendation.
    StabilityGuard.Outcome next = StabilityGuard.apply(p, o, up.point().plan(), T0.plusSeconds(60), up.state());
    assertThat(next.point().plan()).isEqualTo(up.point().plan());
  }
}
