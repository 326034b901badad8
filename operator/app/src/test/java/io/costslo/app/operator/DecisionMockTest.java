package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.app.policy.PolicyMapper;
import io.costslo.core.cost.BuiltInPrices;
import io.costslo.core.cycle.ScalingCycle;
import io.costslo.core.load.Load;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.Observation;
import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.plan.Optimization;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.units.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reconciler applies the decision core's plan for observed load and reports it in status. */
class DecisionMockTest {
  private static final String NAME = "llama3-8b";
  private final AtomicReference<Load> load = new AtomicReference<>(Load.of(30, 1000, 250));
  private OperatorHarness h;

  /** Per-pod points on the line ITL = 10ms + 0.2ms x batch. */
  private final List<Observation.CalibrationSample> samples = List.of(
      new Observation.CalibrationSample("a", 10, Duration.ofMillis(12), 1000, Duration.ofMillis(300)),
      new Observation.CalibrationSample("b", 40, Duration.ofMillis(18), 3000, Duration.ofMillis(500)),
      new Observation.CalibrationSample("c", 70, Duration.ofMillis(24), 5000, Duration.ofMillis(700)),
      new Observation.CalibrationSample("d", 100, Duration.ofMillis(30), 7000, Duration.ofMillis(900)));

  /** What the cycle asked the source for last. */
  private final AtomicReference<MetricsQuery> lastQuery = new AtomicReference<>();

  private Observation observation() {
    return new Observation(Instant.now(), Duration.ofMinutes(2), load.get(), Optional.of(Duration.ofMillis(800)),
        Optional.of(Duration.ofMillis(40)), 0.99, 20, 0, 0.3, 2, samples);
  }

  private void start() {
    MetricsSource source = query -> {
      lastQuery.set(query);
      return observation();
    };
    h = new OperatorHarness(new OperatorSettings(Set.of(OperatorHarness.NS), false, null, null, Duration.ofMinutes(10)),
        (policy, target) -> source);
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  /**
   * What the core alone chooses for this policy and load (total of on-demand and spot), to compare
   * with what the cluster got. The policies here allow batch 128 only, so the batch stability rules
   * (ActuationMockTest) do not enter.
   */
  private static int coreChoice(InferenceCostPolicy p, Load load) throws Exception {
    CostPolicy core = new PolicyMapper().toCore(p.getSpec(), Optional.of(128));
    var price = ScalingCycle.resolvePrice(core, new BuiltInPrices()).orElseThrow();
    Optimization o = FrontierOptimizer.optimize(core, load, ScalingCycle.costModel(core, price));
    return o.chosen().plan().totalReplicas();
  }

  /** Replicas of the target and its spot companion. */
  private int totalReplicas() {
    var spot = h.deployment(NAME + "-spot");
    return h.replicas(NAME) + (spot == null ? 0 : spot.getSpec().getReplicas());
  }

  private InferenceCostPolicy createPolicy(java.util.function.Consumer<InferenceCostPolicy> change) {
    return h.createPolicy(p -> {
      p.getSpec().batch.allowedValues = List.of(128);
      change.accept(p);
    });
  }

  @Test
  void scalesToTheCoresPlanAndReportsObservedAndPredictedFigures() throws Exception {
    start();
    h.createDeployment(1);
    InferenceCostPolicy created = createPolicy(p -> p.getSpec().replicas.max = 20);
    InferenceCostPolicy p = h.awaitReconciled(NAME);
    int expected = coreChoice(created, load.get());
    assertThat(expected).as("the load needs more than the minimum").isGreaterThan(2);
    assertThat(totalReplicas()).isEqualTo(expected);
    var status = p.getStatus();
    assertThat(status.recommendedPlan.replicas).isEqualTo(expected);
    assertThat(status.recommendedPlan.reason).isEqualTo("CheapestFeasible");
    assertThat(status.recommendedPlan.predictedUsdPerHour).isPositive();
    assertThat(status.recommendedPlan.predictedTtft).isNotNull();
    assertThat(status.frontier).isNotEmpty().hasSizeLessThanOrEqualTo(5);
    assertThat(status.observed.requestsPerSecond).isEqualTo(30.0);
    assertThat(status.observed.outputTokensPerSecond).isEqualTo(7500.0);
    assertThat(status.observed.ttft).isEqualTo("800ms");
    // The source is given the policy's objectives, so it can measure the attainment against them.
    assertThat(lastQuery.get().ttftObjective()).hasValue(Durations.parse(created.getSpec().objectives.ttft));
    assertThat(lastQuery.get().itlObjective()).hasValue(Durations.parse(created.getSpec().objectives.itl));
    assertThat(h.condition(NAME, Conditions.METRICS_AVAILABLE).getStatus()).isEqualTo("True");
    assertThat(h.condition(NAME, Conditions.SLO_MET).getStatus()).isEqualTo("True");
    assertThat(h.events()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("CheapestFeasible");
      assertThat(e.getMessage()).contains("predicted $").contains("p99 TTFT");
    });
  }

  @Test
  void moreLoadScalesUpAtTheNextReconcile() throws Exception {
    start();
    h.createDeployment(1);
    InferenceCostPolicy created = createPolicy(p -> {
      p.getSpec().replicas.max = 40;
      p.getSpec().reconcileInterval = "1s";
    });
    h.awaitReconciled(NAME);
    int before = totalReplicas();
    load.set(Load.of(90, 1000, 250));
    // The open-loop choice for the new load is more replicas. The closed loop plans on what it observed
    // too (this fake's latency does not follow the load, so its corrections may differ): it must still
    // scale up on the new demand, within the bound.
    int expected = coreChoice(created, load.get());
    assertThat(expected).isGreaterThan(before);
    await().atMost(Duration.ofSeconds(60)).until(() -> totalReplicas() > before);
    assertThat(totalReplicas()).isLessThanOrEqualTo(40);
  }

  @Test
  void calibrationIsShownAndAppliedOnceEnoughPointsArrive() {
    start();
    h.createDeployment(1);
    createPolicy(p -> p.getSpec().reconcileInterval = "1s");
    h.awaitReconciled(NAME);
    var first = h.policy(NAME).getStatus().calibration;
    assertThat(first.samples).isEqualTo(4);
    assertThat(first.applied).isFalse();
    assertThat(first.reason).contains("4");
    await().atMost(Duration.ofSeconds(60)).until(() -> h.policy(NAME).getStatus().calibration.samples >= 8);
    var later = h.policy(NAME).getStatus().calibration;
    assertThat(later.applied).isTrue();
    assertThat(later.reason).contains("weight");
    // Shrunk from the built-in H100 prior towards the data (10 ms, 0.2 ms).
    var prior = io.costslo.core.model.BuiltInProfiles.LLAMA_8B_H100;
    double base = Durations.parse(later.baseIterationTime).toNanos() / 1e6;
    double perSeq = Durations.parse(later.perSequenceTime).toNanos() / 1e6;
    assertThat(base).isBetween(prior.baseMillis(), 10.0);
    assertThat(perSeq).isBetween(prior.perSequenceMillis(), 0.2);
  }

  @Test
  void overBudgetWithSloFirstIsFlaggedNotHidden() throws Exception {
    start();
    h.createDeployment(1);
    createPolicy(p -> {
      p.getSpec().replicas.max = 20;
      p.getSpec().budget.maxUsdPerHour = 1.0;
    });
    h.awaitReconciled(NAME);
    var status = h.policy(NAME).getStatus();
    assertThat(status.recommendedPlan.reason).isIn("OverBudgetSloFirst", "BudgetUnreachable");
    assertThat(h.condition(NAME, Conditions.WITHIN_BUDGET).getStatus()).isEqualTo("False");
    assertThat(h.events()).anySatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"));
  }
}
