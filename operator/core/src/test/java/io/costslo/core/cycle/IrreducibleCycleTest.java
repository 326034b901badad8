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

/** The overload path's reason and message, reused for a share of requests no fleet size serves. */
class IrreducibleCycleTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final MetricsQuery QUERY = new MetricsQuery("ns", "llm", Duration.ofMinutes(1), 0.99, Map.of());

  @Test
  void decisionsSayForWhichShareTheSloIsUnreachable() {
    CostPolicy policy = Policies.on(BuiltInProfiles.LLAMA_8B_H100).objective(0.99, 2000, 100).replicas(1, 64).build();
    Load load = new Load(RequestsPerSecond.of(4), new TokenLengths(13_000, 80_000), new TokenLengths(150, 400));
    Instant[] now = {T0};
    int[] ready = {30};
    ScalingCycle cycle = new ScalingCycle(q -> new Observation(now[0], q.window(), load,
        Optional.of(Duration.ofSeconds(4)), Optional.of(Duration.ofMillis(12)), q.percentile(), 8, 0, 0.2, ready[0],
        List.of()).withExtras(Optional.empty(), Optional.of(0.92), Optional.empty()),
        new BuiltInPrices(), new InMemoryPlanRealizer(), new InMemoryDecisionStore(), new InMemoryDecisionEvents(),
        Optional.of(ClosedLoop.inMemory()));
    Plan current = new Plan(30, 0, 64);
    Decision d = null;
    for (int i = 0; i < 12; i++) {
      now[0] = T0.plusSeconds(30L * i);
      ready[0] = current.totalReplicas();
      d = cycle.run("ns/llm", policy, QUERY, current, now[0]);
      assertThat(d.reason()).isNotIn(Reason.CheapestFeasible, Reason.OverBudgetSloFirst);
      assertThat(d.message()).startsWith("SLO unreachable for").contains("prompts over");
      current = d.plan();
    }
    // Capacity bought for the 8% would be the fleet's maximum; the loop stays below where it started.
    assertThat(d.plan().totalReplicas()).isLessThanOrEqualTo(30);
  }
}
