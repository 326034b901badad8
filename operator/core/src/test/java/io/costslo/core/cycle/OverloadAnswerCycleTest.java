package io.costslo.core.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.cost.BuiltInPrices;
import io.costslo.core.decision.Decision;
import io.costslo.core.decision.InMemoryDecisionStore;
import io.costslo.core.decision.Reason;
import io.costslo.core.feedback.ClosedLoop;
import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.Observation;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.testing.Policies;
import io.costslo.core.units.RequestsPerSecond;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The cycle's answer to overload follows the error budget: with a p99 prompt whose own prefill outlasts
 * the TTFT objective every plan misses at p99, and the observed attainment says whether that matters.
 */
class OverloadAnswerCycleTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final MetricsQuery QUERY = new MetricsQuery("ns", "llm", Duration.ofMinutes(1), 0.99, Map.of());
  private static final CostPolicy POLICY = Policies.on(BuiltInProfiles.LLAMA_8B_H100).objective(0.99, 2000, 100)
      .replicas(1, 64).build();
  /** Too few prompts beyond an idle replica's reach (about 1.5 %) to split off the budget. */
  private static final Load LOAD = new Load(RequestsPerSecond.of(10), new TokenLengths(4000, 80_000),
      new TokenLengths(200, 400));

  private static Decision after(double observedAttainment, int cycles) {
    Instant[] now = {T0};
    int[] ready = {8};
    ScalingCycle cycle = new ScalingCycle(q -> new Observation(now[0], q.window(), LOAD,
        Optional.of(Duration.ofMillis(1500)), Optional.of(Duration.ofMillis(20)), q.percentile(), 8, 0, 0.2, ready[0],
        List.of()).withExtras(Optional.empty(), Optional.of(observedAttainment), Optional.empty()),
        new BuiltInPrices(), new InMemoryPlanRealizer(), new InMemoryDecisionStore(), new InMemoryDecisionEvents(),
        Optional.of(ClosedLoop.inMemory()));
    Plan current = new Plan(8, 0, 64);
    Decision d = null;
    for (int i = 0; i < cycles; i++) {
      now[0] = T0.plusSeconds(30L * i);
      ready[0] = current.totalReplicas();
      d = cycle.run("ns/llm", POLICY, QUERY, current, now[0]);
      current = d.plan();
    }
    return d;
  }

  @Test
  void aBudgetThatHoldsPlansTheAttainmentWithinReach() {
    Decision d = after(0.999, 10);
    assertThat(d.reason()).isIn(Reason.SloUnreachable, Reason.ScaleDownStabilizing);
    assertThat(d.message()).contains("with the error budget not overspent the plan is the cheapest meeting them at p");
    // Status: figures at the percentile the plan was chosen at, and a predicted miss at the objectives' own.
    assertThat(d.percentile()).isLessThan(0.99);
    assertThat(d.sloMet()).isFalse();
  }

  @Test
  void aBudgetBeingSpentBuysTheBestLatency() {
    Decision d = after(0.95, 10);
    assertThat(d.reason()).isEqualTo(Reason.SloUnreachable);
    assertThat(d.message()).contains("best latency: ").doesNotContain("error budget not overspent");
    assertThat(d.plan().totalReplicas()).isGreaterThan(after(0.999, 10).plan().totalReplicas());
  }
}
