package io.costslo.sim.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.cost.BuiltInPrices;
import io.costslo.core.cost.CostModel;
import io.costslo.core.cycle.ScalingCycle;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.sim.engine.SimConfig;
import io.costslo.sim.engine.Simulator;
import io.costslo.sim.policy.SimPolicies;
import io.costslo.sim.workload.Workload;
import io.costslo.sim.workload.Workloads;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bound's per-window search: independent of threads, and each plan the cheapest that meets its window. */
class LowerBoundTest {
  private static final CostPolicy POLICY = SimPolicies.llama8bH100();

  private static CostModel costs() {
    return ScalingCycle.costModel(POLICY, ScalingCycle.resolvePrice(POLICY, new BuiltInPrices()).orElseThrow());
  }

  private static boolean meets(Workload slice, Plan plan) {
    return new Simulator(slice, POLICY.capacity().profile(), 1, 1, SimConfig.defaults().withSpot(0, 0, Duration.ZERO),
        3, new FixedController("check", plan), POLICY.objective().ttft(), POLICY.objective().itl(),
        POLICY.objective().percentile()).run().meets(POLICY.objective().percentile());
  }

  private static double usd(Plan p, CostModel c) {
    return p.onDemandReplicas() * c.onDemandPerReplica().value() + p.spotReplicas() * c.spotPerReplica().value();
  }

  @Test
  void plansDoNotDependOnThreadsAndEachIsTheCheapestMeetingItsWindow() {
    // 65 windows of 5 min: two chunks of the search.
    Workload w = Workloads.synthetic(12, 65 * 300 / 3600.0, 3);
    CostModel c = costs();
    LowerBound one = LowerBound.search(w, POLICY, c, SimConfig.defaults(), 3, 1);
    LowerBound three = LowerBound.search(w, POLICY, c, SimConfig.defaults(), 3, 3);
    assertThat(one.plans()).hasSize(65).isEqualTo(three.plans());
    assertThat(one.unmeetableWindows()).isZero();
    // Brute force on a few windows: the plan meets its window, and no cheaper (replicas, cap) does.
    for (int i : new int[] {0, 31, 64}) {
      Workload slice = w.between(i * 300.0, Math.min(w.horizonSeconds(), (i + 1) * 300.0));
      Plan chosen = one.plans().get(i);
      assertThat(meets(slice, chosen)).as("window %d meets on %s", i, chosen).isTrue();
      for (int cap : POLICY.batch().allowedCaps()) {
        for (int n = POLICY.replicas().min(); n <= POLICY.replicas().max(); n++) {
          Plan p = LowerBound.split(POLICY, n, cap);
          if (usd(p, c) >= usd(chosen, c)) {
            break;
          }
          assertThat(meets(slice, p)).as("window %d: cheaper %s must miss", i, p).isFalse();
        }
      }
    }
  }

  @Test
  void aWindowsProbeAtOneSizeIsReplayedOnceAndAnswersAsAFreshReplay() {
    Workload slice = Workloads.synthetic(12, 300 / 3600.0, 5);
    SimConfig config = SimConfig.defaults().withSpot(0, 0, Duration.ZERO);
    int cap = POLICY.batch().defaultCap();
    LowerBound.Probes probes = new LowerBound.Probes(slice, POLICY, config, 3, cap, POLICY.batch().defaultChunk());
    boolean sawMeet = false;
    boolean sawMiss = false;
    for (int n = 1; n <= 4; n++) {
      boolean fresh = meets(slice, LowerBound.split(POLICY, n, cap));
      assertThat(probes.test(n)).as("%d replicas", n).isEqualTo(fresh);
      assertThat(probes.test(n)).as("%d replicas, asked again", n).isEqualTo(fresh);
      assertThat(probes.replays()).isEqualTo(n);
      sawMeet |= fresh;
      sawMiss |= !fresh;
    }
    assertThat(sawMeet && sawMiss).as("the sizes span both answers").isTrue();
  }
}
