package io.costslo.core.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.cost.BuiltInPrices;
import io.costslo.core.cost.GpuPrice;
import io.costslo.core.cost.InMemoryPriceSource;
import io.costslo.core.decision.Decision;
import io.costslo.core.decision.InMemoryDecisionStore;
import io.costslo.core.decision.Reason;
import io.costslo.core.load.Load;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.CostPolicy.StabilityOptions;
import io.costslo.core.testing.Policies;
import io.costslo.core.units.UsdPerHour;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScalingCycleTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final MetricsQuery QUERY = new MetricsQuery("ns", "llm", Duration.ofMinutes(1), 0.99, Map.of());
  private static final String KEY = "ns/llm";

  /** A metrics source that returns a scripted load or fails. */
  private static final class FakeMetrics implements MetricsSource {
    Load load = Load.of(20, 500, 200);
    boolean failing;
    List<Observation.CalibrationSample> samples = List.of();

    @Override
    public Observation observe(MetricsQuery query) throws MetricsUnavailableException {
      if (failing) {
        throw new MetricsUnavailableException("PrometheusUnreachable", "connection refused");
      }
      return new Observation(T0, query.window(), load, Optional.empty(), Optional.empty(), query.percentile(),
          0, 0, 0, 1, samples);
    }
  }

  private final FakeMetrics metrics = new FakeMetrics();
  private final InMemoryPlanRealizer realizer = new InMemoryPlanRealizer();
  private final InMemoryDecisionStore store = new InMemoryDecisionStore();
  private final InMemoryDecisionEvents events = new InMemoryDecisionEvents();
  private final ScalingCycle cycle = new ScalingCycle(metrics, new BuiltInPrices(), realizer, store, events);

  private static CostPolicy policy() {
    return Policies.on(BuiltInProfiles.LLAMA_8B_H100).objective(0.99, 2000, 60).replicas(1, 30)
        .batchCaps(List.of(64), 64).stability(StabilityOptions.defaults()).fallback(4).build();
  }

  @Test
  void decidesRealizesStoresAndReports() {
    Plan current = new Plan(1, 0, 64);
    Decision d = cycle.run(KEY, policy(), QUERY, current, T0);

    assertThat(d.reason()).isEqualTo(Reason.CheapestFeasible);
    assertThat(d.sloMet()).isTrue();
    assertThat(d.withinBudget()).isTrue();
    assertThat(d.plan().totalReplicas()).isGreaterThan(1);
    assertThat(d.ttft()).isPresent();
    assertThat(d.itl()).isPresent();
    assertThat(d.frontier()).isNotEmpty();
    // Built-in H100 price: $6.88/GPU-hour on demand.
    assertThat(d.billedCost()).contains(UsdPerHour.of(6.88 * d.plan().totalReplicas()));
    assertThat(realizer.current(KEY)).contains(d.plan());
    assertThat(store.lastDecision(KEY)).contains(d);
    assertThat(events.decisions()).containsExactly(d);
    assertThat(d.decidedAt()).isEqualTo(T0);
  }

  @Test
  void holdsOnMissingMetricsAndNeverScalesDown() {
    metrics.failing = true;
    Plan current = new Plan(9, 0, 64);
    Decision d = cycle.run(KEY, policy(), QUERY, current, T0);

    assertThat(d.reason()).isEqualTo(Reason.HoldOnMissingMetrics);
    assertThat(d.plan()).isEqualTo(current);
    assertThat(d.message()).contains("PrometheusUnreachable");
    assertThat(realizer.applied()).isEmpty();
    assertThat(events.decisions()).containsExactly(d);
  }

  @Test
  void raisesToTheFallbackWhenMetricsFailBelowIt() {
    metrics.failing = true;
    Decision d = cycle.run(KEY, policy(), QUERY, new Plan(1, 1, 64), T0);

    assertThat(d.reason()).isEqualTo(Reason.FallbackOnMissingMetrics);
    assertThat(d.plan()).isEqualTo(new Plan(3, 1, 64));
    assertThat(realizer.current(KEY)).contains(new Plan(3, 1, 64));
  }

  @Test
  void holdsWhenTheGpuHasNoPrice() {
    ScalingCycle noPrices = new ScalingCycle(metrics, new InMemoryPriceSource(Map.of()), realizer, store, events);
    Decision d = noPrices.run(KEY, policy(), QUERY, new Plan(2, 0, 64), T0);
    assertThat(d.reason()).isEqualTo(Reason.HoldOnMissingPrice);
    assertThat(d.plan()).isEqualTo(new Plan(2, 0, 64));
  }

  @Test
  void policyPriceOverrideWins() {
    CostPolicy base = policy();
    CostPolicy overridden = new CostPolicy(base.objective(), base.budget(), base.priority(), base.replicas(),
        base.batch(), base.capacity(), base.spot(), base.stability(), Map.of("H100", GpuPrice.of(2, 1)),
        base.fallbackReplicas());
    Decision d = cycle.run(KEY, overridden, QUERY, new Plan(1, 0, 64), T0);
    assertThat(d.billedCost()).contains(UsdPerHour.of(2.0 * d.plan().totalReplicas()));
  }

  @Test
  void scaleDownWaitsForTheWindowAcrossCycles() {
    CostPolicy p = policy();
    Plan current = new Plan(1, 0, 64);
    metrics.load = Load.of(40, 500, 200);
    Decision up = cycle.run(KEY, p, QUERY, current, T0);
    current = up.plan();

    metrics.load = Load.of(5, 500, 200);
    Decision held = cycle.run(KEY, p, QUERY, current, T0.plus(Duration.ofMinutes(1)));
    assertThat(held.reason()).isEqualTo(Reason.ScaleDownStabilizing);
    assertThat(held.plan()).isEqualTo(current);

    Decision down = cycle.run(KEY, p, QUERY, current, T0.plus(Duration.ofMinutes(6)));
    assertThat(down.plan().totalReplicas()).isLessThan(current.totalReplicas());
  }
}
