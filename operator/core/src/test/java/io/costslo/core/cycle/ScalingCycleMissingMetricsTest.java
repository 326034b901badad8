package io.costslo.core.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.cost.BuiltInPrices;
import io.costslo.core.decision.Decision;
import io.costslo.core.decision.InMemoryDecisionStore;
import io.costslo.core.decision.Reason;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.testing.Policies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Fail static: without metrics nothing scales down within bounds; bounds and fallback still hold. */
class ScalingCycleMissingMetricsTest {

  @ParameterizedTest(name = "bounds {0}..{1}, fallback {2}, running {3}+{4} -> {5}+{6} {7}")
  @CsvSource({
    // min, max, fallback(0 = none), onDemand, spot, expected onDemand, expected spot, reason
    "1, 8, 0, 3, 2, 3, 2, HoldOnMissingMetrics",
    "1, 8, 4, 1, 0, 4, 0, FallbackOnMissingMetrics",
    "1, 8, 4, 5, 1, 5, 1, HoldOnMissingMetrics",
    "2, 8, 0, 1, 0, 2, 0, ClampedToBounds",
    "1, 4, 0, 4, 3, 4, 0, ClampedToBounds",
    "1, 4, 0, 6, 1, 4, 0, ClampedToBounds",
  })
  void holdsOrClamps(int min, int max, int fallback, int onDemand, int spot, int expectOnDemand, int expectSpot,
      Reason reason) {
    Policies builder = Policies.on(BuiltInProfiles.LLAMA_8B_H100).replicas(min, max)
        .batchCaps(List.of(64), 64);
    if (fallback > 0) {
      builder.fallback(fallback);
    }
    CostPolicy policy = builder.build();
    List<Plan> realized = new ArrayList<>();
    List<Decision> reported = new ArrayList<>();
    ScalingCycle cycle = new ScalingCycle(q -> {
      throw new MetricsUnavailableException("NoData", "no ready pods");
    }, new BuiltInPrices(), (key, plan) -> realized.add(plan), new InMemoryDecisionStore(),
        (key, d) -> reported.add(d));
    Plan current = new Plan(onDemand, spot, 64);
    Decision d = cycle.run("ns/p", policy,
        new MetricsQuery("ns", "d", Duration.ofMinutes(2), 0.99, Map.of()), current, Instant.EPOCH);
    assertThat(d.plan()).isEqualTo(new Plan(expectOnDemand, expectSpot, 64));
    assertThat(d.reason()).isEqualTo(reason);
    assertThat(d.message()).contains("NoData");
    assertThat(reported).containsExactly(d);
    assertThat(realized).isEqualTo(d.plan().equals(current) ? List.of() : List.of(d.plan()));
  }
}
