package io.costslo.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costslo.core.cost.GpuPrice;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.policy.CostPolicy.BatchOptions;
import io.costslo.core.policy.CostPolicy.Budget;
import io.costslo.core.policy.CostPolicy.Capacity;
import io.costslo.core.policy.CostPolicy.LatencyObjective;
import io.costslo.core.policy.CostPolicy.ReplicaBounds;
import io.costslo.core.policy.CostPolicy.SpotOptions;
import io.costslo.core.policy.CostPolicy.StabilityOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CostPolicyTest {
  private static final LatencyObjective OBJECTIVE = LatencyObjective.of(0.99, Duration.ofSeconds(1), Duration.ofMillis(50));
  private static final Capacity CAPACITY = Capacity.of(BuiltInProfiles.LLAMA_8B_L4);

  static Stream<Arguments> invalid() {
    return Stream.of(
        bad("objective.ttft", () -> LatencyObjective.of(0.99, Duration.ZERO, Duration.ofMillis(50))),
        bad("objective.itl", () -> LatencyObjective.of(0.99, Duration.ofSeconds(1), Duration.ofMillis(-1))),
        bad("percentile", () -> LatencyObjective.of(1.0, Duration.ofSeconds(1), Duration.ofMillis(50))),
        bad("objective.attainmentTarget", () -> new LatencyObjective(0.99, Duration.ofSeconds(1), Duration.ofMillis(5), 0)),
        bad("replicas.min", () -> new ReplicaBounds(-1, 3)),
        bad("replicas.max", () -> new ReplicaBounds(4, 3)),
        bad("batch.allowedCaps", () -> new BatchOptions(List.of(), 1)),
        bad("batch.allowedCaps", () -> new BatchOptions(List.of(0, 8), 8)),
        bad("batch.defaultCap", () -> new BatchOptions(List.of(8, 16), 32)),
        bad("capacity.gpuType", () -> new Capacity(" ", 1, BuiltInProfiles.LLAMA_8B_L4)),
        bad("capacity.gpusPerReplica", () -> new Capacity("L4", 0, BuiltInProfiles.LLAMA_8B_L4)),
        bad("capacity.profile", () -> new Capacity("L4", 1, null)),
        bad("spot.maxSpotShare", () -> new SpotOptions(true, 1.5, 0, 0.1, Duration.ofMinutes(2), Optional.empty())),
        bad("spot.minOnDemandReplicas", () -> new SpotOptions(true, 0.5, -1, 0.1, Duration.ofMinutes(2), Optional.empty())),
        bad("spot.preemptionsPerReplicaHour", () -> new SpotOptions(true, 0.5, 0, -1, Duration.ofMinutes(2), Optional.empty())),
        bad("spot.recoveryTime", () -> new SpotOptions(true, 0.5, 0, 0.1, Duration.ofMinutes(-2), Optional.empty())),
        bad("stability.scaleDownWindow", () -> new StabilityOptions(Duration.ofSeconds(-1), Duration.ZERO, 0.1)),
        bad("stability.batchChangeMinSaving", () -> new StabilityOptions(Duration.ZERO, Duration.ZERO, 1.0)),
        bad("fallbackReplicas", () -> policy(Optional.of(99), SpotOptions.disabled())),
        bad("spot.minOnDemandReplicas", () -> policy(Optional.empty(),
            new SpotOptions(true, 0.5, 20, 0.1, Duration.ofMinutes(2), Optional.empty()))),
        bad("budget", () -> new CostPolicy(OBJECTIVE, null, Priority.SLO, new ReplicaBounds(1, 10),
            new BatchOptions(List.of(8), 8), CAPACITY, SpotOptions.disabled(), StabilityOptions.none(), Map.of(),
            Optional.empty())));
  }

  private static Arguments bad(String field, Supplier<Object> construct) {
    return Arguments.of(field, construct);
  }

  private static CostPolicy policy(Optional<Integer> fallback, SpotOptions spot) {
    return new CostPolicy(OBJECTIVE, Budget.none(), Priority.SLO, new ReplicaBounds(1, 10),
        new BatchOptions(List.of(8, 16), 8), CAPACITY, spot, StabilityOptions.none(), Map.of(), fallback);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsInvalidInputNamingTheField(String field, Supplier<Object> construct) {
    assertThatThrownBy(construct::get).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(field);
  }

  @Test
  void normalisesCapsAndPriceOverrideKeys() {
    CostPolicy p = new CostPolicy(OBJECTIVE, Budget.none(), Priority.BUDGET, new ReplicaBounds(0, 10),
        new BatchOptions(List.of(64, 8, 64, 16), 16), CAPACITY, SpotOptions.disabled(), StabilityOptions.defaults(),
        Map.of("nvidia-l4", GpuPrice.of(1, 0.5)), null);
    assertThat(p.batch().allowedCaps()).containsExactly(8, 16, 64);
    assertThat(p.priceOverrides()).containsKey("L4");
    assertThat(p.fallbackReplicas()).isEmpty();
  }

  @Test
  void sloRatioIsTheWorseOfTheTwoObjectives() {
    assertThat(OBJECTIVE.ratio(500, 100)).isEqualTo(2.0);
    assertThat(OBJECTIVE.ratio(1500, 10)).isEqualTo(1.5);
  }
}
