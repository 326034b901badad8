package io.costslo.core.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.cost.BuiltInPrices;
import io.costslo.core.decision.Reason;
import io.costslo.core.load.Load;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.CostPolicy.StabilityOptions;
import io.costslo.core.testing.Policies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The whole per-policy loop: calibration, spot availability, realize-always, budget use, state across restarts. */
class PolicyCycleTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final MetricsQuery QUERY = new MetricsQuery("ns", "llm", Duration.ofMinutes(1), 0.99, Map.of());
  private static final String KEY = "ns/llm";
  private static final Duration HEALTHY = Duration.ofMinutes(15);
  private static final Duration PENDING = Duration.ofMinutes(5);
  private static final ReplicaProfile PRIOR = BuiltInProfiles.LLAMA_8B_H100;

  /** Scripted load; pods whose steps take {@code slowdown} times what the prior says. */
  private static final class FakeMetrics implements MetricsSource {
    Load load = Load.of(30, 1000, 250);
    double slowdown = 1;
    boolean failing;
    int cycle;

    @Override
    public Observation observe(MetricsQuery query) throws MetricsUnavailableException {
      if (failing) {
        throw new MetricsUnavailableException("NoReadyPods", "no ready pod");
      }
      cycle++;
      List<Observation.CalibrationSample> samples = new ArrayList<>();
      for (int pod = 0; pod < 4; pod++) {
        double batch = 8 + 12 * pod + (cycle % 3);
        double millis = slowdown * PRIOR.iterationMillis(batch, 0);
        samples.add(new Observation.CalibrationSample("p" + pod, batch, Duration.ofNanos(Math.round(millis * 1e6)),
            2000, Duration.ofMillis(300)));
      }
      return new Observation(T0, query.window(), load, Optional.of(Duration.ofMillis(500)),
          // The fleet's ITL slows with its pods: the closed loop sees what calibration sees.
          Optional.of(Duration.ofMillis(Math.round(30 * slowdown))), query.percentile(), 20, 0, 0.3, 4, samples);
    }
  }

  /** Counts calls; idempotent like the real realizers. */
  private static final class CountingRealizer implements PlanRealizer {
    final List<Plan> calls = new ArrayList<>();

    @Override
    public void realize(String policyKey, Plan plan) {
      calls.add(plan);
    }
  }

  private final FakeMetrics metrics = new FakeMetrics();
  private final CountingRealizer realizer = new CountingRealizer();
  private final InMemoryPolicyStateStore store = new InMemoryPolicyStateStore();
  private final List<CycleReport> heard = new ArrayList<>();

  private PolicyCycle cycle() {
    return new PolicyCycle(metrics, new BuiltInPrices(), realizer, store, heard::add);
  }

  private static CostPolicy policy(boolean spot) {
    Policies p = Policies.on(PRIOR).objective(0.99, 2000, 40).replicas(1, 30).batchCaps(List.of(64), 64)
        .stability(StabilityOptions.defaults());
    if (spot) {
      p = p.spot(0.5, 1, 0.01, Duration.ofMinutes(3));
    }
    return p.build();
  }

  private static CycleInput input(CostPolicy policy, Mode mode, Instant now) {
    return new CycleInput(KEY, policy, QUERY, mode, HEALTHY, now);
  }

  private static ClusterView view(Plan running) {
    return new ClusterView(running, SpotEvidence.none(PENDING));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void enforceRealizesEveryCycleEvenWhenHoldingRecommendNever(Mode mode) {
    metrics.failing = true;
    Plan running = new Plan(3, 0, 64);
    CycleReport r = cycle().run(input(policy(false), mode, T0), view(running));
    assertThat(r.decision().reason()).isEqualTo(Reason.HoldOnMissingMetrics);
    assertThat(realizer.calls).isEqualTo(mode == Mode.ENFORCE ? List.of(running) : List.of());
    assertThat(r.after()).isEqualTo(running);
    assertThat(heard).containsExactly(r);
  }

  @Test
  void recommendReportsTheRunningPlanAsAfter() {
    CycleReport r = cycle().run(input(policy(false), Mode.RECOMMEND, T0), view(new Plan(1, 0, 64)));
    assertThat(r.decision().plan().totalReplicas()).isGreaterThan(1);
    assertThat(r.after()).isEqualTo(new Plan(1, 0, 64));
    assertThat(r.actuations()).isEmpty();
  }

  @Test
  void spotLossMovesTheWholeShareInTheSameCycleAndHoldsForTheHealthyPeriod() {
    CostPolicy p = policy(true);
    Plan split = cycle().run(input(p, Mode.ENFORCE, T0), view(new Plan(1, 0, 64))).decision().plan();
    assertThat(split.spotReplicas()).as("spot pays at this load").isPositive();

    Instant lost = T0.plus(Duration.ofMinutes(1));
    SpotEvidence preempted = new SpotEvidence(Optional.of(lost), 1, 0, PENDING);
    CycleReport r = cycle().run(input(p, Mode.ENFORCE, lost), new ClusterView(split, preempted));
    assertThat(r.spotLost()).isTrue();
    assertThat(r.decision().plan().spotReplicas()).isZero();
    assertThat(r.decision().plan().totalReplicas()).isGreaterThanOrEqualTo(split.totalReplicas());
    assertThat(realizer.calls.get(realizer.calls.size() - 1)).isEqualTo(r.decision().plan());

    // The pods are gone; the state remembers the disruption until the healthy period is over.
    Plan after = r.decision().plan();
    CycleReport still = cycle().run(input(p, Mode.ENFORCE, lost.plus(Duration.ofMinutes(14))), view(after));
    assertThat(still.spot().orElseThrow().healthy()).isFalse();
    assertThat(still.decision().plan().spotReplicas()).isZero();
    CycleReport back = cycle().run(input(p, Mode.ENFORCE, lost.plus(HEALTHY)), view(after));
    assertThat(back.spotRestored()).isTrue();
    assertThat(back.spot().orElseThrow().healthy()).isTrue();
  }

  @Test
  void slowerPodsAreCalibratedFromEarlierCyclesAndBuyMoreReplicas() {
    metrics.slowdown = 2;
    // Short prompts: the p99 token gap is a decode step's, which the calibrated per-sequence cost sets
    // (with 1k-token prompts it is the step prefilling one, at ~40 ms whatever the fleet size).
    metrics.load = Load.of(30, 300, 250);
    CostPolicy p = policy(false);
    Plan running = new Plan(4, 0, 64);
    CycleReport first = cycle().run(input(p, Mode.RECOMMEND, T0), view(running));
    assertThat(first.policy().capacity().profile()).as("no points before the first cycle").isEqualTo(PRIOR);
    CycleReport last = first;
    for (int i = 1; i < 10; i++) {
      last = cycle().run(input(p, Mode.RECOMMEND, T0.plusSeconds(30L * i)), view(running));
    }
    assertThat(last.calibration().applied()).isTrue();
    ReplicaProfile calibrated = last.policy().capacity().profile();
    assertThat(calibrated.perSequenceMillis()).isGreaterThan(PRIOR.perSequenceMillis());
    assertThat(last.decision().plan().totalReplicas()).isGreaterThan(first.decision().plan().totalReplicas());
  }

  @Test
  void aNewPriorStartsTheCalibrationOver() {
    for (int i = 0; i < 5; i++) {
      cycle().run(input(policy(false), Mode.RECOMMEND, T0.plusSeconds(30L * i)), view(new Plan(4, 0, 64)));
    }
    CostPolicy other = Policies.on(BuiltInProfiles.LLAMA_8B_A100).objective(0.99, 2000, 40).replicas(1, 30)
        .batchCaps(List.of(64), 64).build();
    CycleReport r = cycle().run(input(other, Mode.RECOMMEND, T0.plusSeconds(300)), view(new Plan(4, 0, 64)));
    assertThat(r.policy().capacity().profile()).isEqualTo(BuiltInProfiles.LLAMA_8B_A100);
    assertThat(r.calibration().samples()).isEqualTo(4);
  }

  @Test
  void aRestartedCycleCarriesOnFromTheStore() {
    CostPolicy p = policy(false);
    metrics.load = Load.of(40, 1000, 250);
    Plan up = cycle().run(input(p, Mode.ENFORCE, T0), view(new Plan(1, 0, 64))).decision().plan();
    metrics.load = Load.of(5, 1000, 250);
    // A new cycle object (a restarted operator) with the same store still waits out the scale-down window.
    CycleReport held = cycle().run(input(p, Mode.ENFORCE, T0.plusSeconds(60)), view(up));
    assertThat(held.decision().reason()).isEqualTo(Reason.ScaleDownStabilizing);
    assertThat(store.load(KEY).history()).hasSize(2);
    assertThat(store.load(KEY).calibrationPoints()).hasSize(8);
  }

  @Test
  void budgetUseIsTheExpectedCostThePlannerBudgetsOn() {
    CostPolicy p = Policies.on(PRIOR).objective(0.99, 2000, 40).replicas(1, 30).batchCaps(List.of(64), 64)
        .spot(0.5, 1, 0.5, Duration.ofMinutes(10))
        .budget(CostPolicy.Budget.perMillionTokens(io.costslo.core.units.UsdPerMillionTokens.of(3))).build();
    CycleReport r = cycle().run(input(p, Mode.ENFORCE, T0), view(new Plan(1, 0, 64)));
    var costs = r.costs().orElseThrow();
    // Every frontier point: the planner's budget verdict equals BudgetUse's on the same plan and tokens.
    for (var point : r.decision().frontier()) {
      BudgetUse use = BudgetUse.of(r.policy(), costs, point.plan(), metrics.load.outputTokenRate());
      assertThat(use.within()).as(point.plan().toString()).isEqualTo(point.withinBudget());
      assertThat(use.spend()).isEqualTo(point.expectedCost());
    }
  }
}
