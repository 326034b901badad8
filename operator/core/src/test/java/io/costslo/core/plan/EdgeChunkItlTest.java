package io.costslo.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.cost.CostModel;
import io.costslo.core.cost.GpuPrice;
import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.LatencyPrediction;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.CostPolicy.BatchOptions;
import io.costslo.core.policy.CostPolicy.LatencyObjective;
import io.costslo.core.testing.Policies;
import io.costslo.core.units.RequestsPerSecond;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A chunk whose full step sits just inside the ITL objective plans its ITL the model's error margin inside it. */
class EdgeChunkItlTest {
  private static final ReplicaProfile H70 = BuiltInProfiles.LLAMA_70B_2X_H100;
  private static final double MARGIN = FrontierOptimizer.EDGE_CHUNK_ITL_MARGIN;

  private static double fullStep(ReplicaProfile p, int chunk) {
    return p.stepMillis(1, 0, chunk, ReplicaProfile.prefillPairs(0, chunk));
  }

  private static LatencyObjective itl(double millis) {
    return LatencyObjective.of(0.99, Duration.ofSeconds(2), Duration.ofNanos(Math.round(millis * 1e6)));
  }

  @ParameterizedTest(name = "{0}: full step at {1} of the objective -> share {2}")
  @CsvSource({
      "llama-70b, 0.80, 1.0", // room enough
      "llama-70b, 0.86, 0.85", // within the margin below the objective
      "llama-70b, 0.999, 0.85",
      "llama-70b, 1.10, 1.0", // over it: the share of such gaps decides, and replicas lower it
      "llama-8b, 0.90, 0.85",
      "llama-8b, 0.50, 1.0"})
  void theBandJustBelowTheObjectiveIsPlannedInsideIt(String model, double stepShare, double expected) {
    ReplicaProfile p = model.equals("llama-8b") ? BuiltInProfiles.LLAMA_8B_H100 : H70;
    LatencyObjective o = itl(fullStep(p, 512) / stepShare);
    assertThat(FrontierOptimizer.itlPlanningShare(p, OptionalInt.of(512), o)).isEqualTo(expected);
    assertThat(FrontierOptimizer.itlPlanningShare(p, OptionalInt.empty(), o)).as("no chunk knob").isEqualTo(1.0);
  }

  @Test
  void seventyBAtA512TokenChunkIsAnEdgeChunkAtA100MsObjective() {
    LatencyObjective o = itl(100);
    assertThat(fullStep(H70, 512)).as("precondition").isGreaterThan(100 * (1 - MARGIN)).isLessThanOrEqualTo(100);
    assertThat(FrontierOptimizer.itlPlanningShare(H70, OptionalInt.of(512), o)).isEqualTo(1 - MARGIN);
    assertThat(FrontierOptimizer.itlPlanningShare(H70, OptionalInt.of(8192), o)).isEqualTo(1.0);
    assertThat(FrontierOptimizer.itlPlanningShare(BuiltInProfiles.LLAMA_8B_H100, OptionalInt.of(512), o)).isEqualTo(1.0);
  }

  @Test
  void theSettingAwareRatioDividesOnlyTheItlTermByTheShare() {
    Load load = new Load(RequestsPerSecond.of(5.5), new TokenLengths(1000, 5900), new TokenLengths(230, 1000));
    LatencyObjective o = itl(100);
    LatencyPrediction p = LatencyModel.predict(H70, load, 12, 32, OptionalInt.of(512), 0.99);
    double expected = Math.max(Math.max(p.ttftMillis() / 2000, p.itlMillis() / (100 * (1 - MARGIN))),
        p.utilisation() / FrontierOptimizer.MAX_PLANNED_UTILISATION);
    assertThat(FrontierOptimizer.sloRatio(H70, OptionalInt.of(512), o, p)).isCloseTo(expected, within(1e-12));
    assertThat(FrontierOptimizer.sloRatio(H70, OptionalInt.of(8192), o, p)).isEqualTo(FrontierOptimizer.sloRatio(o, p));
  }

  @Test
  void theOptimizerTakesAnEdgeChunkOnlyWhereItsPredictedItlLeavesTheMargin() {
    // 70B, Azure-conversation-like load: at 512 tokens per step the model puts p99 ITL at the edge.
    Load load = new Load(RequestsPerSecond.of(5.5), new TokenLengths(1000, 5900), new TokenLengths(230, 1000));
    CostPolicy p = Policies.on(H70).objective(0.99, 2000, 100).replicas(1, 64)
        .batch(new BatchOptions(List.of(32), 32, List.of(512, 8192), OptionalInt.of(8192))).build();
    CostModel costs = CostModel.of(GpuPrice.of(4, 2), 2, 0, Duration.ZERO);
    boolean edgeSeen = false;
    for (int n = 1; n <= 64; n++) {
      double itlAt512 = LatencyModel.predict(H70, load, n, 32, OptionalInt.of(512), 0.99).itlMillis();
      edgeSeen |= itlAt512 > 100 * (1 - MARGIN) && itlAt512 <= 100;
    }
    assertThat(edgeSeen).as("precondition: some fleet at 512 is predicted inside 100 ms but not the margin").isTrue();

    Optimization o = FrontierOptimizer.optimize(p, load, costs);

    assertThat(o.chosen().meetsSlo()).isTrue();
    if (o.chosen().plan().prefillChunk().equals(OptionalInt.of(512))) {
      assertThat(o.chosen().latency().itlMillis()).isLessThanOrEqualTo(100 * (1 - MARGIN));
    }
    for (FrontierPoint f : o.frontier()) {
      if (f.meetsSlo() && f.plan().prefillChunk().equals(OptionalInt.of(512))) {
        assertThat(f.latency().itlMillis()).as("%s", f.plan()).isLessThanOrEqualTo(100 * (1 - MARGIN));
      }
    }
  }
}
