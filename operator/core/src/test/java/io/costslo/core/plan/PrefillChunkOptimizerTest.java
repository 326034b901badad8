package io.costslo.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costslo.core.cost.CostModel;
import io.costslo.core.cost.GpuPrice;
import io.costslo.core.decision.Reason;
import io.costslo.core.decision.StabilityGuard;
import io.costslo.core.decision.StabilityState;
import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.CostPolicy.BatchOptions;
import io.costslo.core.policy.CostPolicy.StabilityOptions;
import io.costslo.core.testing.Policies;
import io.costslo.core.units.RequestsPerSecond;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The prefill chunk as the optimizer's second batch knob. */
class PrefillChunkOptimizerTest {
  private static final CostModel COSTS = CostModel.of(GpuPrice.of(4, 2), 1, 0, Duration.ZERO);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  /** Prefill-heavy: 6 rps of ~2k-token prompts with 28 output tokens. */
  private static final Load LOAD = new Load(RequestsPerSecond.of(6), new TokenLengths(2000, 6000),
      new TokenLengths(28, 100));

  private static CostPolicy policy(List<Integer> chunks, int start, int maxReplicas, StabilityOptions stability) {
    BatchOptions batch = new BatchOptions(List.of(64), 64, chunks, OptionalInt.of(start));
    return Policies.on(BuiltInProfiles.LLAMA_8B_H100).objective(0.99, 2000, 40).replicas(1, maxReplicas)
        .batch(batch).stability(stability).build();
  }

  @Test
  void picksAChunkThatMeetsItlWhenTheDefaultCannot() {
    // One replica: spread over several behind least-loaded routing, few decodes sit beside a prompt
    // and even 8192-token steps stall under 1% of the gaps.
    Optimization whole = FrontierOptimizer.optimize(policy(List.of(8192), 8192, 1, StabilityOptions.none()), LOAD, COSTS);
    assertThat(whole.chosen().meetsSlo()).as("precondition: 8192 tokens per step misses ITL at every size").isFalse();
    assertThat(whole.reason()).isEqualTo(Reason.SloUnreachable);

    Optimization o = FrontierOptimizer.optimize(policy(List.of(512, 2048, 8192), 8192, 1, StabilityOptions.none()),
        LOAD, COSTS);

    assertThat(o.reason()).isEqualTo(Reason.CheapestFeasible);
    assertThat(o.chosen().meetsSlo()).isTrue();
    assertThat(o.chosen().plan().prefillChunk()).hasValue(512);
    assertThat(o.chosen().latency().itlMillis()).isLessThanOrEqualTo(40.0);
  }

  @ParameterizedTest(name = "caps {0}, chunks {1}")
  @CsvSource(delimiter = ';', value = {
      "64; 1024",
      "64 128; 256 8192",
      "64 512; 256 8192",
      "512; 512 4096",
      "16 32 64; 16 32",
  })
  void choosesOnlyAllowedChunksAtLeastTheCap(String caps, String chunks) {
    List<Integer> capList = ints(caps);
    List<Integer> chunkList = ints(chunks);
    CostPolicy p = Policies.on(BuiltInProfiles.LLAMA_8B_H100).objective(0.99, 2000, 40).replicas(1, 8)
        .batch(new BatchOptions(capList, capList.get(0), chunkList, OptionalInt.of(chunkList.get(chunkList.size() - 1))))
        .build();
    Optimization o = FrontierOptimizer.optimize(p, LOAD, COSTS);
    for (FrontierPoint point : concat(o.chosen(), o.frontier())) {
      Plan plan = point.plan();
      assertThat(plan.prefillChunk()).as("%s", plan).isPresent();
      assertThat(chunkList).as("%s", plan).contains(plan.prefillChunk().getAsInt());
      assertThat(plan.prefillChunk().getAsInt()).as("%s: vLLM needs chunk >= cap", plan).isGreaterThanOrEqualTo(plan.batchCap());
    }
  }

  @Test
  void withoutChunkOptionsThePlanKeepsTheEngineDefaultAndTheSameChoice() {
    CostPolicy capsOnly = Policies.on(BuiltInProfiles.LLAMA_8B_H100).objective(0.99, 2000, 100).replicas(1, 8)
        .batchCaps(List.of(32, 64), 64).build();
    Optimization o = FrontierOptimizer.optimize(capsOnly, LOAD, COSTS);
    assertThat(o.chosen().plan().prefillChunk()).isEmpty();
    assertThat(o.frontier()).allSatisfy(f -> assertThat(f.plan().prefillChunk()).isEmpty());
  }

  @Test
  void noAllowedChunkAtLeastTheSmallestCapIsRefusedNamingTheField() {
    assertThatThrownBy(() -> new BatchOptions(List.of(256), 256, List.of(64, 128), OptionalInt.of(128)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefillChunk.allowedValues").hasMessageContaining("256");
  }

  @Test
  void aChunkChangeWaitsForTheMinimumIntervalThenHappens() {
    StabilityOptions stability = new StabilityOptions(Duration.ZERO, Duration.ofMinutes(30), 0.10);
    CostPolicy p = policy(List.of(512, 8192), 8192, 4, stability);
    Optimization o = FrontierOptimizer.optimize(p, LOAD, COSTS);
    Plan current = new Plan(4, 0, 64, OptionalInt.of(8192));
    assertThat(o.chosen().plan().prefillChunk()).as("precondition").hasValue(512);
    StabilityState changedRecently = new StabilityState(Optional.of(T0.minus(Duration.ofMinutes(5))), List.of());

    StabilityGuard.Outcome held = StabilityGuard.apply(p, o, current, T0, changedRecently);
    assertThat(held.reason()).isEqualTo(Reason.BatchChangeDeferred);
    assertThat(held.point().plan().prefillChunk()).hasValue(8192);
    assertThat(held.message()).contains("chunk 8192").contains("chunk 512").contains("minimum interval 30m");
    assertThat(held.state().lastBatchChange()).isEqualTo(changedRecently.lastBatchChange());

    Instant later = T0.plus(Duration.ofMinutes(26));
    StabilityGuard.Outcome changed = StabilityGuard.apply(p, o, current, later, changedRecently);
    assertThat(changed.point().plan().prefillChunk()).hasValue(512);
    assertThat(changed.state().lastBatchChange()).hasValue(later);
  }

  @Test
  void aChunkChangeThatSavesTooLittleIsDeferredAsARestartCost() {
    // Both chunks meet a loose ITL objective, even in a full 4096-token step; the smaller one is no
    // cheaper, so the restart is not worth it.
    CostPolicy p = twoChunks(2048, 4096);
    assertThat(FrontierOptimizer.chunkKeepsItl(p.capacity().profile(), OptionalInt.of(4096), p.objective()))
        .as("precondition: a full 4096-token step keeps ITL").isTrue();
    Optimization o = FrontierOptimizer.optimize(p, LOAD, COSTS);
    Plan current = new Plan(1, 0, 64, OptionalInt.of(4096));
    assertThat(o.chosen().plan()).as("precondition: same cost, better ratio").isEqualTo(new Plan(1, 0, 64, OptionalInt.of(2048)));
    assertThat(o.bestAtBatch(current).orElseThrow().meetsSlo()).as("precondition: staying meets the SLO").isTrue();

    StabilityGuard.Outcome out = StabilityGuard.apply(p, o, current, T0, StabilityState.empty());

    assertThat(out.reason()).isEqualTo(Reason.BatchChangeDeferred);
    assertThat(out.point().plan()).isEqualTo(current);
    assertThat(out.message()).contains("saving 0.0% is below the 10.0% threshold");
  }

  @Test
  void aChunkWhoseFullStepBreaksItlIsLeftForOneThatKeepsItAtEqualCostWithoutTheSavingThreshold() {
    // A 200 ms objective: a full 8192-token step takes longer, a 2048-token one does not. Both meet
    // the objectives at this load on one replica, at the same cost.
    CostPolicy p = twoChunks(2048, 8192);
    var profile = p.capacity().profile();
    assertThat(FrontierOptimizer.chunkKeepsItl(profile, OptionalInt.of(8192), p.objective())).as("precondition").isFalse();
    assertThat(FrontierOptimizer.chunkKeepsItl(profile, OptionalInt.of(2048), p.objective())).as("precondition").isTrue();
    Optimization o = FrontierOptimizer.optimize(p, LOAD, COSTS);
    Plan current = new Plan(1, 0, 64, OptionalInt.of(8192));
    assertThat(o.bestAtBatch(current).orElseThrow().meetsSlo()).as("precondition: staying meets the SLO").isTrue();
    assertThat(o.chosen().plan()).isEqualTo(new Plan(1, 0, 64, OptionalInt.of(2048)));

    StabilityGuard.Outcome out = StabilityGuard.apply(p, o, current, T0, StabilityState.empty());
    assertThat(out.point().plan()).as("changed although it saves nothing").isEqualTo(o.chosen().plan());
    assertThat(out.reason()).isEqualTo(Reason.CheapestFeasible);
  }

  /** Cap 64, the two chunks starting at the larger, ITL objective 200 ms, 1..4 replicas, a 10% saving threshold. */
  private static CostPolicy twoChunks(int small, int large) {
    BatchOptions batch = new BatchOptions(List.of(64), 64, List.of(small, large), OptionalInt.of(large));
    return Policies.on(BuiltInProfiles.LLAMA_8B_H100).objective(0.99, 2000, 200).replicas(1, 4)
        .batch(batch).stability(new StabilityOptions(Duration.ZERO, Duration.ZERO, 0.10)).build();
  }

  private static List<Integer> ints(String spaced) {
    return java.util.Arrays.stream(spaced.trim().split("\\s+")).map(Integer::valueOf).toList();
  }

  private static List<FrontierPoint> concat(FrontierPoint first, List<FrontierPoint> rest) {
    java.util.ArrayList<FrontierPoint> all = new java.util.ArrayList<>(rest);
    all.add(first);
    return all;
  }
}
