package io.costslo.sim.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.sim.engine.SimConfig;
import io.costslo.sim.engine.Simulator;
import io.costslo.sim.policy.SimPolicies;
import io.costslo.sim.workload.Workload;
import io.costslo.sim.workload.Workloads;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The starting fleet is measured by the simulator: the fewest on-demand replicas meeting the first 10 minutes. */
class WarmStartTest {
  private static final CostPolicy POLICY = SimPolicies.llama8bH100();
  private static final long SEED = 5;

  private static boolean meetsFirstTenMinutes(Workload w, int replicas) {
    Plan p = new Plan(replicas, 0, POLICY.batch().defaultCap(), POLICY.batch().defaultChunk());
    return new Simulator(w.between(0, WarmStart.SECONDS), POLICY.capacity().profile(), 1, 1,
        SimConfig.defaults().withSpot(0, 0, Duration.ZERO), SEED, new FixedController("check", p),
        POLICY.objective().ttft(), POLICY.objective().itl(), POLICY.objective().percentile())
        .run().meets(POLICY.objective().percentile());
  }

  @Test
  void theStartIsTheFewestOnDemandReplicasAtTheDefaultSettingsMeetingTheFirstTenMinutesWhateverTheGuess() {
    Workload w = Workloads.synthetic(30, 0.5, SEED);
    Plan fromLow = WarmStart.measured(w, POLICY, SimConfig.defaults(), SEED, 1);
    assertThat(fromLow.spotReplicas()).isZero();
    assertThat(fromLow.batchCap()).isEqualTo(POLICY.batch().defaultCap());
    assertThat(fromLow.prefillChunk()).isEqualTo(POLICY.batch().defaultChunk());
    int n = fromLow.onDemandReplicas();
    assertThat(n).isGreaterThan(1);
    assertThat(meetsFirstTenMinutes(w, n)).isTrue();
    assertThat(meetsFirstTenMinutes(w, n - 1)).isFalse();
    for (int guess : new int[] {n, n + 7, POLICY.replicas().max()}) {
      assertThat(WarmStart.measured(w, POLICY, SimConfig.defaults(), SEED, guess)).as("guess %d", guess)
          .isEqualTo(fromLow);
    }
  }

  @Test
  void whereNoSizeMeetsTheObjectivesTheStartIsTheFewestDoingAsWellAsTheLargest() {
    // One 60k-token prompt every 30 s: each takes longer than the 2 s TTFT objective to prefill even
    // alone, and one replica serves them as well as 64 do.
    int count = 20;
    double[] at = new double[count];
    int[] in = new int[count];
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      at[i] = 30.0 * i;
    }
    Arrays.fill(in, 60_000);
    Arrays.fill(out, 50);
    Workload w = new Workload("long prompts", at, in, out, Duration.ofMinutes(10));
    assertThat(meetsFirstTenMinutes(w, POLICY.replicas().max())).isFalse();
    assertThat(WarmStart.measured(w, POLICY, SimConfig.defaults(), SEED, 10).totalReplicas())
        .isEqualTo(POLICY.replicas().min());
  }
}
