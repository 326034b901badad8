package io.costslo.sim.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.cost.BuiltInPrices;
import io.costslo.core.cost.CostModel;
import io.costslo.core.cycle.ScalingCycle;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.sim.engine.RunResult;
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
  void aWindowSearchesThePreviousWinnerFirstThenTheRestInOrder() {
    int[][] cases = { // first, then the order for 5 settings
        {0, 0, 1, 2, 3, 4}, {2, 2, 0, 1, 3, 4}, {4, 4, 0, 1, 2, 3}};
    for (int[] c : cases) {
      int[] order = new int[5];
      for (int o = 0; o < 5; o++) {
        order[o] = LowerBound.inSearchOrder(o, c[0]);
      }
      assertThat(order).as("first %d", c[0]).containsExactly(java.util.Arrays.copyOfRange(c, 1, 6));
    }
  }

  @Test
  void windowsThatKeepTheirCheapestSettingSearchItAloneAndRuleTheOthersOutWithOneProbe() {
    // 12 windows on a smooth day: the cheapest setting rarely changes, so nearly every window searches
    // one setting of the 20 (4 caps x 5 chunks) and rules the rest out at a fleet one replica smaller.
    Workload w = Workloads.synthetic(12, 12 * 300 / 3600.0, 3);
    LowerBound b = LowerBound.search(w, POLICY, costs(), SimConfig.defaults(), 3, 1);
    assertThat(b.searches()).isBetween(12L, 15L);
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

  @Test
  void aCapAboveTheMostRequestsAReplicaHeldReplaysTheSameEvents() {
    // Both profiles: 70B holds a dozen sequences in KV, so its peak sits far below the caps it allows.
    for (CostPolicy policy : new CostPolicy[] {POLICY, SimPolicies.llama70bTwoH100()}) {
      Workload slice = io.costslo.sim.workload.CodeWorkload.generate(300 / 3600.0, 7);
      SimConfig config = SimConfig.defaults().withSpot(0, 0, Duration.ZERO);
      Simulator wide = replay(policy, slice, config, LowerBound.split(policy, 2, 256));
      RunResult atWide = wide.run();
      int peak = wide.peakOutstanding();
      assertThat(peak).as("%s: a cap of 256 did not bind", policy.capacity().profile().name()).isBetween(1, 255);
      RunResult atPeak = replay(policy, slice, config, LowerBound.split(policy, 2, peak + 1)).run();
      assertThat(atPeak.relabelled(atWide.controller(), atWide.setting())).usingRecursiveComparison()
          .ignoringFields("series").isEqualTo(atWide);
    }
  }

  @Test
  void reusingVerdictsAtCapsThatNeverBoundChangesNoPlan() {
    // 70B holds a dozen sequences in KV, so many probes never fill a cap of 32 (on 8B a failing probe
    // queues up to any cap, and none is reused there).
    CostPolicy big = SimPolicies.llama70bTwoH100();
    CostModel bigCosts = ScalingCycle.costModel(big, ScalingCycle.resolvePrice(big, new BuiltInPrices()).orElseThrow());
    for (Workload w : new Workload[] {io.costslo.sim.workload.CodeWorkload.generate(12 * 300 / 3600.0, 5),
        Workloads.synthetic(4, 12 * 300 / 3600.0, 3)}) {
      LowerBound reused = LowerBound.search(w, big, bigCosts, SimConfig.defaults(), 3, 1, true);
      LowerBound replayed = LowerBound.search(w, big, bigCosts, SimConfig.defaults(), 3, 1, false);
      assertThat(reused.plans()).as(w.name()).isEqualTo(replayed.plans());
      assertThat(reused.reusedVerdicts()).as(w.name()).isPositive();
      assertThat(replayed.reusedVerdicts()).isZero();
    }
  }

  @Test
  void everyVerdictTakenFromAnotherCapIsTheOneAReplayGives() {
    // Caps of 2-8 on 8B bind (a verdict at 4 must not answer for 8); on 70B the caps mostly do not.
    SimConfig config = SimConfig.defaults().withSpot(0, 0, Duration.ZERO);
    int reused = 0;
    CostPolicy tight = POLICY.withBatch(new CostPolicy.BatchOptions(java.util.List.of(2, 4, 8, 256), 8));
    for (CostPolicy p : new CostPolicy[] {tight, SimPolicies.llama70bTwoH100()}) {
      Workload w = io.costslo.sim.workload.CodeWorkload.generate(4 * 300 / 3600.0, 5);
      for (int window = 0; window < 4; window++) {
        Workload slice = w.between(window * 300.0, (window + 1) * 300.0);
        UnboundCapReplays known = new UnboundCapReplays();
        for (int cap : p.batch().allowedCaps()) {
          LowerBound.Probes shared = new LowerBound.Probes(slice, p, config, 3, cap, p.batch().defaultChunk(), known);
          LowerBound.Probes fresh = new LowerBound.Probes(slice, p, config, 3, cap, p.batch().defaultChunk());
          for (int n = 1; n <= 12; n++) {
            assertThat(shared.test(n)).as("%s, window %d, cap %d, %d replicas", p.capacity().profile().name(), window,
                cap, n).isEqualTo(fresh.test(n));
          }
        }
        reused += known.hits();
      }
    }
    assertThat(reused).isPositive();
  }

  private static Simulator replay(CostPolicy policy, Workload slice, SimConfig config, Plan plan) {
    return new Simulator(slice, policy.capacity().profile(), 1, 1, config, 3, new FixedController("p", plan),
        policy.objective().ttft(), policy.objective().itl(), policy.objective().percentile());
  }
}
