package io.costslo.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.plan.Plan;
import io.costslo.sim.control.FixedController;
import io.costslo.sim.workload.RateCurve;
import io.costslo.sim.workload.Workload;
import io.costslo.sim.workload.Workloads;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Event skipping (a run of decode steps as one event, its gaps added per histogram bucket) against the
 * same engine advancing one step per event: every request's first token and finish must agree, and
 * so must the per-token ITL percentiles, with KV preemptions and both scheduler modes in play.
 */
class EventSkippingTest {

  @ParameterizedTest(name = "{0} rps, cap {1}, {2}, kv {3}")
  @CsvSource({
      "2, 64, CHUNKED_PREFILL, 1000000",
      "9, 64, CHUNKED_PREFILL, 1000000",
      "14, 256, CHUNKED_PREFILL, 60000",
      "16, 32, PREFILL_FIRST, 1000000",
      "12, 128, PREFILL_FIRST, 60000"})
  void agreesWithStepByStepEngine(double rps, int cap, SchedulerMode mode, long kv) {
    ReplicaProfile h100 = BuiltInProfiles.LLAMA_8B_H100;
    ReplicaProfile profile = new ReplicaProfile("ref", "H100", 1, h100.baseMillis(), h100.perSequenceMillis(),
        h100.perPrefillTokenMillis(), kv, "test", h100.perContextTokenMillis(), h100.perPrefillPairMillis());
    Workload w = Workloads.fromRateCurve("flat", new RateCurve(300, new double[] {rps, rps}), 17);
    SimConfig config = SimConfig.defaults().withSpot(0, 0, Duration.ZERO).withScheduler(mode, 2048);
    Simulator skipping = simulator(w, profile, config, cap);
    Simulator stepping = simulator(w, profile, config.withMaxRunSteps(1), cap);
    RunResult a = skipping.run();
    RunResult b = stepping.run();
    assertThat(a.completed()).isEqualTo(w.size() - a.refused());
    assertThat(b.completed()).isEqualTo(a.completed());
    assertThat(a.kvPreemptions()).isEqualTo(b.kvPreemptions());
    if (kv < 100_000) {
      assertThat(a.kvPreemptions()).as("the small cache preempts").isPositive();
    }
    double[][] fa = figures(skipping);
    double[][] fb = figures(stepping);
    for (int k = 0; k < 2; k++) {
      for (int i = 0; i < fa[k].length; i++) {
        assertThat(fa[k][i]).as("figure %d of request %d", k, i).isCloseTo(fb[k][i], within(1e-6));
      }
    }
    assertThat(a.itlP50Seconds()).isCloseTo(b.itlP50Seconds(), within(b.itlP50Seconds() * 0.011));
    assertThat(a.itlP99Seconds()).isCloseTo(b.itlP99Seconds(), within(b.itlP99Seconds() * 0.011));
    assertThat(a.itlAttainment()).isCloseTo(b.itlAttainment(), within(1e-3));
    assertThat(a.generatedTokens()).isEqualTo(b.generatedTokens());
  }

  private static Simulator simulator(Workload w, ReplicaProfile profile, SimConfig config, int cap) {
    return new Simulator(w, profile, 1, 1, config, 1, new FixedController("fixed", new Plan(1, 0, cap)),
        Duration.ofSeconds(2), Duration.ofMillis(100));
  }

  /** Sorted TTFT and end-to-end latency of the finished requests. */
  private static double[][] figures(Simulator s) {
    int n = s.finishedCount();
    double[] ttft = new double[n];
    double[] e2e = new double[n];
    for (int i = 0; i < n; i++) {
      ttft[i] = s.finished(i).ttftSeconds();
      e2e[i] = s.finished(i).e2eSeconds();
    }
    Arrays.sort(ttft);
    Arrays.sort(e2e);
    return new double[][] {ttft, e2e};
  }
}
