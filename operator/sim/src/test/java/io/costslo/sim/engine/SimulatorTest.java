package io.costslo.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.plan.Plan;
import io.costslo.sim.control.FixedController;
import io.costslo.sim.workload.RateCurve;
import io.costslo.sim.workload.Workload;
import io.costslo.sim.workload.Workloads;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatorTest {
  private static final ReplicaProfile H100 = BuiltInProfiles.LLAMA_8B_H100;

  private static RunResult run(Workload w, Controller c, SimConfig config) {
    return new Simulator(w, H100, 6.88, 3.35, config, 7, c, Duration.ofSeconds(2), Duration.ofMillis(100)).run();
  }

  private static Workload batch(int n, int in, int out) {
    double[] t = new double[n];
    int[] is = new int[n];
    int[] os = new int[n];
    Arrays.fill(is, in);
    Arrays.fill(os, out);
    return new Workload("batch", t, is, os, Duration.ofMinutes(10));
  }

  /** A controller that starts at {@code initial} and asks for {@code next} at every tick. */
  private static Controller applying(String name, Plan initial, Duration interval, Plan next) {
    return ticking(name, initial, interval, c -> c.apply(next));
  }

  /** A controller that starts at {@code initial} and runs {@code tick} every {@code interval}. */
  private static Controller ticking(String name, Plan initial, Duration interval, Consumer<SimContext> tick) {
    return new Controller() {
      public String name() {
        return name;
      }

      public Plan initialPlan() {
        return initial;
      }

      public Duration interval() {
        return interval;
      }

      public void tick(SimContext c) {
        tick.accept(c);
      }
    };
  }

  /** Decode step j after a whole-prompt prefill: n sequences, each holding in + j tokens. */
  private static double decodeMillis(int n, int in, int j) {
    return H100.stepMillis(n, (double) n * (in + j), 0, 0);
  }

  @ParameterizedTest(name = "batch {0}, prompt {1}, output {2}")
  @CsvSource({"1,512,128", "16,200,100", "64,1000,300"})
  void stepsFollowTheProfileExactly(int n, int in, int out) {
    RunResult r = run(batch(n, in, out), new FixedController("fixed", new Plan(1, 0, 256)),
        SimConfig.defaults().withSpot(0, 0, Duration.ZERO).withMaxPrefillTokensPerStep(Integer.MAX_VALUE));
    // All prefilled in one step of n sequences (quadratic attention per prompt), then out-1 decode
    // steps at batch n over a context growing by one token per sequence per step.
    double prefill = H100.stepMillis(n, 0, (double) n * in, n * ReplicaProfile.prefillPairs(0, in));
    assertThat(r.ttftP50Seconds() * 1000).isCloseTo(prefill, within(1e-6));
    assertThat(r.ttftP99Seconds() * 1000).isCloseTo(prefill, within(1e-6));
    double[] gaps = new double[out - 1];
    for (int j = 0; j < out - 1; j++) {
      gaps[j] = decodeMillis(n, in, j);
    }
    // Per-token percentiles (every sequence has the same gaps), at the histogram's 0.5% resolution.
    assertThat(r.itlP50Seconds() * 1000).isCloseTo(Percentiles.sorted(gaps, 0.5), withinPercentage(0.5));
    assertThat(r.itlP99Seconds() * 1000).isCloseTo(Percentiles.sorted(gaps, 0.99), withinPercentage(0.5));
    assertThat(r.outputTokens()).isEqualTo((long) n * out);
    assertThat(r.generatedTokens()).isEqualTo((long) n * out);
    assertThat(r.itlAttainment()).isEqualTo(1.0);
  }

  @Test
  void prefillFirstPausesDecodesWhileChunkedPrefillSpreadsTheWork() {
    // 4 requests of 1000 prompt tokens, budget 2000: prefill-first runs two prefill steps (the first
    // pair's decodes pause for the second); chunked runs 1000+1000 then 998+... mixed with decodes.
    SimConfig base = SimConfig.defaults().withSpot(0, 0, Duration.ZERO);
    Workload w = batch(4, 1000, 50);
    RunResult v0 = run(w, new FixedController("fixed", new Plan(1, 0, 64)),
        base.withScheduler(SchedulerMode.PREFILL_FIRST, 2000));
    double pair = H100.stepMillis(2, 0, 2000, 2 * ReplicaProfile.prefillPairs(0, 1000));
    assertThat(v0.ttftP50Seconds() * 1000).isCloseTo(pair, within(1e-6));
    assertThat(v0.ttftP99Seconds() * 1000).isCloseTo(2 * pair, within(1e-6));
    // The first pair's first decode gap spans the second prefill: 2 of 196 gaps, above the p99 rank.
    RunResult chunked = run(w, new FixedController("fixed", new Plan(1, 0, 64)),
        base.withScheduler(SchedulerMode.CHUNKED_PREFILL, 2000));
    assertThat(chunked.ttftP50Seconds() * 1000).isCloseTo(pair, within(1e-6));
    assertThat(chunked.ttftP99Seconds()).isGreaterThan(v0.ttftP99Seconds() * 0.99);
    assertThat(chunked.completed()).isEqualTo(4);
    assertThat(chunked.outputTokens()).isEqualTo(200);
  }

  @Test
  void chunkedStepsGiveEachDecodeOneTokenAndFillTheRestOfTheBudgetWithChunks() {
    // As vLLM V1 and Vidur's Sarathi scheduler: a 512-token budget, A (100-token prompt) and B (1000)
    // at t=0. Step 1 prefills A whole and B's first 412; step 2 decodes A and gives B 512 - 1 = 511;
    // step 3 decodes A and finishes B's last 77. On the A100 profile (dense roofline) every token
    // count shows in the step time, so a budget that ignored the decode would fail here.
    ReplicaProfile a100 = BuiltInProfiles.LLAMA_8B_A100;
    Workload w = new Workload("two", new double[] {0, 0}, new int[] {100, 1000}, new int[] {50, 10},
        Duration.ofMinutes(1));
    RunResult r = new Simulator(w, a100, 2.0, 1.0,
        SimConfig.defaults().withSpot(0, 0, Duration.ZERO).withScheduler(SchedulerMode.CHUNKED_PREFILL, 512), 7,
        new FixedController("fixed", new Plan(1, 0, 64)), Duration.ofSeconds(2), Duration.ofMillis(100)).run();
    // Step 1 is two chunks and no decode: 512 tokens, within the profile's small-step threshold.
    double s1 = a100.stepMillis(2, 0, 512, ReplicaProfile.prefillPairs(0, 100) + ReplicaProfile.prefillPairs(0, 412), 2);
    double s2 = a100.stepMillis(2, 100, 511, ReplicaProfile.prefillPairs(412, 511));
    double s3 = a100.stepMillis(2, 101, 77, ReplicaProfile.prefillPairs(923, 77));
    assertThat(r.ttftP50Seconds() * 1000).isCloseTo(s1, within(1e-6));
    assertThat(r.ttftP99Seconds() * 1000).isCloseTo(s1 + s2 + s3, within(1e-6));
    assertThat(r.outputTokens()).isEqualTo(60);
  }

  @Test
  void batchCapAndPrefillBudgetLimitAdmission() {
    // 10 requests, cap 4: three waves; the last wave waits for two earlier ones.
    RunResult r = run(batch(10, 100, 50), new FixedController("fixed", new Plan(1, 0, 4)),
        SimConfig.defaults().withSpot(0, 0, Duration.ZERO));
    double wave = (H100.stepMillis(4, 0, 400, 4 * ReplicaProfile.prefillPairs(0, 100))
        + 49 * decodeMillis(4, 100, 25)) / 1000;
    assertThat(r.completed()).isEqualTo(10);
    assertThat(r.ttftP99Seconds()).isGreaterThan(2 * wave * 0.99);
    assertThat(r.itlP50Seconds() * 1000).isCloseTo(decodeMillis(4, 100, 25), withinPercentage(2));
  }

  @Test
  void aRequestThatCanNeverFitIsRefusedAndCounted() {
    Workload w = new Workload("huge", new double[] {0, 1, 2}, new int[] {100, (int) H100.kvCacheTokens(), 100},
        new int[] {10, 10, 10}, Duration.ofMinutes(1));
    RunResult r = run(w, new FixedController("fixed", new Plan(1, 0, 64)), SimConfig.defaults().withSpot(0, 0,
        Duration.ZERO));
    assertThat(r.refused()).isEqualTo(1);
    assertThat(r.completed()).isEqualTo(2);
    assertThat(r.dropped()).isZero();
    assertThat(r.ttftAttainment()).isCloseTo(2 / 3.0, within(1e-9));
  }

  @Test
  void aRefusedRequestIsMissedInTheRunButNotInTheOperatorsView() {
    // vLLM rejects a prompt beyond its context at the API: its TTFT histogram, which the operator reads,
    // never holds it. The run's record and its 5-minute windows still count it as missed.
    Workload w = new Workload("huge", new double[] {0, 1, 2}, new int[] {100, (int) H100.kvCacheTokens(), 100},
        new int[] {10, 10, 10}, Duration.ofMinutes(3)); // the first control tick is at 2 min
    double[] seen = {Double.NaN};
    Controller probe = ticking("probe", new Plan(1, 0, 64), Duration.ofSeconds(1), c -> {
      double share = c.withinObjectives(Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(1))[0];
      seen[0] = Double.isNaN(share) ? seen[0] : share;
    });
    RunResult r = run(w, probe, SimConfig.defaults().withSpot(0, 0, Duration.ZERO));
    assertThat(r.refused()).isEqualTo(1);
    assertThat(seen[0]).as("share of first tokens within 10 s the operator sees").isEqualTo(1.0);
    assertThat(r.ttftAttainment()).isCloseTo(2 / 3.0, within(1e-9));
    assertThat(r.windowAttainment()).as("the window holding the refusal misses its p99").isZero();
  }

  @Test
  void kvPressurePreemptsAndRecomputesWithoutLosingRequests() {
    // KV for ~3 requests of 1000+500 tokens at full length: admission at prompt size lets 8 in, growth
    // then preempts the youngest, which recompute later; all complete, and the stalls show in ITL.
    ReplicaProfile small = new ReplicaProfile("small", "H100", 1, H100.baseMillis(), H100.perSequenceMillis(),
        H100.perPrefillTokenMillis(), 4_500, "test", H100.perContextTokenMillis(), H100.perPrefillPairMillis());
    Workload w = batch(8, 1000, 500);
    RunResult r = new Simulator(w, small, 6.88, 3.35, SimConfig.defaults().withSpot(0, 0, Duration.ZERO), 7,
        new FixedController("fixed", new Plan(1, 0, 64)), Duration.ofSeconds(2), Duration.ofMillis(100)).run();
    assertThat(r.kvPreemptions()).isPositive();
    assertThat(r.completed()).isEqualTo(8);
    assertThat(r.outputTokens()).isEqualTo(8 * 500L);
    assertThat(r.generatedTokens()).isEqualTo(8 * 500L);
    // A preempted request waits for room and recomputes: that gap breaks the 100 ms objective.
    assertThat(r.itlAttainment()).isLessThan(1.0);
  }

  @Test
  void aRequestPreemptedOnADrainingReplicaIsServedElsewhere() {
    // Two replicas whose KV cache preempts as 16 long outputs grow; at the first tick the fleet drops to
    // one. The drained replica goes on running its batch and preempts again: what it preempts must go
    // back to the queue another replica serves, not vanish with it when it terminates.
    ReplicaProfile small = new ReplicaProfile("small", "H100", 1, H100.baseMillis(), H100.perSequenceMillis(),
        H100.perPrefillTokenMillis(), 40_000, "test", H100.perContextTokenMillis(), H100.perPrefillPairMillis());
    Workload w = batch(16, 1000, 15_000);
    Controller down = applying("down", new Plan(2, 0, 64), Duration.ofMinutes(10), new Plan(1, 0, 64));
    RunResult r = new Simulator(w, small, 6.88, 3.35, SimConfig.defaults().withSpot(0, 0, Duration.ZERO), 7, down,
        Duration.ofSeconds(2), Duration.ofMillis(100)).run();
    assertThat(r.kvPreemptions()).isPositive();
    assertThat(r.scaleEvents()).isEqualTo(1);
    assertThat(r.dropped()).isZero();
    assertThat(r.completed()).isEqualTo(16);
    assertThat(r.outputTokens()).isEqualTo(16 * 15_000L);
  }

  @Test
  void requestsAndTokensAreConservedUnderPreemptionsAndOutages() {
    Workload w = Workloads.synthetic(15, 3, 11);
    SimConfig harsh = SimConfig.defaults().withSpot(2.0, 8.0, Duration.ofMinutes(20));
    RunResult r = run(w, new FixedController("fixed", new Plan(2, 3, 64)), harsh);
    assertThat(r.preemptions()).isPositive();
    assertThat(r.dropped()).isPositive();
    assertThat(r.completed() + r.dropped() + r.refused()).isEqualTo(w.size());
    assertThat(r.generatedTokens()).isEqualTo(r.outputTokens() + r.droppedGeneratedTokens());
    assertThat(r.outputTokens()).isLessThan(w.totalOutputTokens());
  }

  @Test
  void withoutSpotEveryRequestCompletesWithAllItsTokens() {
    Workload w = Workloads.synthetic(15, 2, 5);
    RunResult r = run(w, new FixedController("fixed", new Plan(3, 0, 64)), SimConfig.defaults());
    assertThat(r.dropped()).isZero();
    assertThat(r.completed()).isEqualTo(w.size());
    assertThat(r.outputTokens()).isEqualTo(w.totalOutputTokens());
    assertThat(r.generatedTokens()).isEqualTo(w.totalOutputTokens());
    assertThat(r.preemptions()).isZero();
  }

  @Test
  void billingLastsAsLongAsTheFleetServesAndCptIsUsdOverOutputTokens() {
    Workload w = Workloads.fromRateCurve("flat", new RateCurve(600, new double[] {5, 5, 5, 5, 5, 5}), 3);
    RunResult r = run(w, new FixedController("fixed", new Plan(2, 1, 64)), SimConfig.defaults().withSpot(0, 0, Duration.ZERO));
    // The run ends when the last request arriving before the 1 h horizon finishes: a little after it.
    assertThat(r.runHours()).isGreaterThan(1.0).isLessThan(1.0 + 60 / 3600.0);
    assertThat(r.gpuHours()).isCloseTo(3 * r.runHours(), within(1e-9));
    assertThat(r.totalUsd()).isCloseTo((2 * 6.88 + 3.35) * r.runHours(), within(1e-9));
    assertThat(r.usdPerMillionTokens()).isCloseTo(r.totalUsd() / r.outputTokens() * 1e6, within(1e-12));
    assertThat(r.outputTokens()).isEqualTo(w.totalOutputTokens());
  }

  @Test
  void aBacklogIsBilledUntilItIsServed() {
    // 12 rps for 10 min on one replica at cap 8 builds a queue that takes long past the horizon.
    Workload w = Workloads.fromRateCurve("flat", new RateCurve(600, new double[] {12}), 3);
    RunResult r = run(w, new FixedController("fixed", new Plan(1, 0, 8)), SimConfig.defaults().withSpot(0, 0,
        Duration.ZERO));
    assertThat(r.runHours()).isGreaterThan(2 * w.horizonSeconds() / 3600.0);
    assertThat(r.totalUsd()).isCloseTo(6.88 * r.runHours(), within(1e-9));
    assertThat(r.completed() + r.dropped()).isEqualTo(w.size());
    assertThat(r.usdPerMillionTokens()).isCloseTo(r.totalUsd() / r.outputTokens() * 1e6, within(1e-12));
  }

  @Test
  void coldStartDelaysNewCapacity() {
    // One replica at cap 8 cannot carry 12 rps; a controller asks for 4 at t=15min; they serve 3 min later.
    Workload w = Workloads.fromRateCurve("flat", new RateCurve(600, new double[] {12, 12, 12, 12}), 3);
    Controller scaleOnce = applying("once", new Plan(1, 0, 8), Duration.ofMinutes(15), new Plan(4, 0, 8));
    RunResult cold = run(w, scaleOnce, SimConfig.defaults());
    RunResult warm = run(w, scaleOnce, SimConfig.defaults().withColdStart(Duration.ZERO));
    assertThat(cold.ttftP99Seconds()).isGreaterThan(warm.ttftP99Seconds());
    assertThat(cold.scaleEvents()).isEqualTo(1);
    assertThat(cold.series().onDemandReady()).contains(1, 4);
  }

  @Test
  void batchCapChangeRollsReplicasWithoutLosingRequests() {
    Workload w = Workloads.fromRateCurve("flat", new RateCurve(600, new double[] {10, 10, 10}), 3);
    Controller roll = ticking("roll", new Plan(3, 0, 64), Duration.ofMinutes(10), c -> {
      if (c.nowSeconds() < 1500) { // two rollouts, none after the horizon
        c.apply(new Plan(3, 0, c.desired().batchCap() == 64 ? 128 : 64));
      }
    });
    RunResult r = run(w, roll, SimConfig.defaults());
    assertThat(r.rollouts()).isEqualTo(2);
    assertThat(r.dropped()).isZero();
    assertThat(r.completed()).isEqualTo(w.size());
    // Surge: while rolling, more replicas exist than the 3 desired, and never fewer than 3 ready.
    int[] od = r.series().onDemandReady();
    int[] other = r.series().notReady();
    boolean surged = false;
    for (int i = 1; i < od.length; i++) {
      assertThat(od[i]).as("ready at sample %d", i).isGreaterThanOrEqualTo(3);
      surged |= other[i] > 0;
    }
    assertThat(surged).isTrue();
    // Rolled replicas were billed while starting: more than 3 replicas x 0.5 h.
    assertThat(r.gpuHours()).isGreaterThan(1.5);
  }

  @Test
  void aBurstFailsOneOfTheFiveMinuteWindowsAndAnEmptyPartialWindowIsNotCounted() {
    // One light request every 10 s for 30 minutes, and 300 at once at minute 15 on one replica: only the
    // fourth window (15-20 min) misses the TTFT objective at p99; the six windows close from their slots.
    int light = 180;
    int burst = 300;
    double[] t = new double[light + burst];
    int[] in = new int[t.length];
    int[] out = new int[t.length];
    for (int i = 0; i < light; i++) {
      t[i] = i * 10.0 + 1;
    }
    Arrays.fill(t, light, t.length, 900.5);
    Arrays.fill(in, 500);
    Arrays.fill(out, 50);
    Arrays.sort(t);
    Workload w = new Workload("burst", t, in, out, Duration.ofMinutes(30));
    RunResult r = run(w, new FixedController("one", new Plan(1, 0, 64)), SimConfig.defaults());
    assertThat(r.windows()).isEqualTo(6);
    assertThat(r.windowAttainment()).isCloseTo(5 / 6.0, within(1e-9));

    // Without the burst every window meets.
    double[] lightOnly = new double[light];
    for (int i = 0; i < light; i++) {
      lightOnly[i] = i * 10.0 + 1;
    }
    Workload quiet = new Workload("quiet", lightOnly, Arrays.copyOf(in, light), Arrays.copyOf(out, light),
        Duration.ofMinutes(30));
    RunResult q = run(quiet, new FixedController("one", new Plan(1, 0, 64)), SimConfig.defaults());
    assertThat(q.windows()).isEqualTo(6);
    assertThat(q.windowAttainment()).isEqualTo(1.0);
    // A last, partial window counts only if something was observed in it.
    RunResult longer = run(new Workload("quiet", lightOnly, Arrays.copyOf(in, light), Arrays.copyOf(out, light),
        Duration.ofMinutes(31)), new FixedController("one", new Plan(1, 0, 64)), SimConfig.defaults());
    assertThat(longer.windows()).isEqualTo(6);
    double[] late = Arrays.copyOf(lightOnly, light + 1);
    late[light] = 1805;
    RunResult withLate = run(new Workload("late", late, Arrays.copyOf(in, light + 1), Arrays.copyOf(out, light + 1),
        Duration.ofMinutes(31)), new FixedController("one", new Plan(1, 0, 64)), SimConfig.defaults());
    assertThat(withLate.windows()).isEqualTo(7);
  }
}
