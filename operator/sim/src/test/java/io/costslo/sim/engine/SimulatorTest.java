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

  @ParameterizedTest(name = "batch {0}, prompt {1}, output {2}")
  @CsvSource({"1,512,128", "16,200,100", "64,1000,300"})
  void stepsFollowTheProfileExactly(int n, int in, int out) {
    RunResult r = run(batch(n, in, out), new FixedController("fixed", new Plan(1, 0, 256)),
        SimConfig.defaults().withSpot(0, 0, Duration.ZERO).withMaxPrefillTokensPerStep(Integer.MAX_VALUE));
    // All prefilled in one step of n sequences and n*in tokens, then out-1 decode steps at batch n.
    assertThat(r.ttftP50Seconds() * 1000).isCloseTo(H100.iterationMillis(n, (double) n * in), within(1e-6));
    assertThat(r.ttftP99Seconds() * 1000).isCloseTo(H100.iterationMillis(n, (double) n * in), within(1e-6));
    assertThat(r.itlP50Seconds() * 1000).isCloseTo(H100.iterationMillis(n, 0), within(1e-6));
    assertThat(r.outputTokens()).isEqualTo((long) n * out);
    assertThat(r.generatedTokens()).isEqualTo((long) n * out);
  }

  @Test
  void batchCapAndPrefillBudgetLimitAdmission() {
    // 10 requests, cap 4: three waves; the last wave waits for two earlier ones.
    RunResult r = run(batch(10, 100, 50), new FixedController("fixed", new Plan(1, 0, 4)),
        SimConfig.defaults().withSpot(0, 0, Duration.ZERO));
    double wave = (H100.iterationMillis(4, 400) + 49 * H100.iterationMillis(4, 0)) / 1000;
    assertThat(r.completed()).isEqualTo(10);
    assertThat(r.ttftP99Seconds()).isGreaterThan(2 * wave);
    assertThat(r.itlP50Seconds() * 1000).isCloseTo(H100.iterationMillis(4, 0), within(1e-6));
  }

  @Test
  void requestsAndTokensAreConservedUnderPreemptionsAndOutages() {
    Workload w = Workloads.synthetic(15, 3, 11);
    SimConfig harsh = SimConfig.defaults().withSpot(2.0, 8.0, Duration.ofMinutes(20));
    RunResult r = run(w, new FixedController("fixed", new Plan(2, 3, 64)), harsh);
    assertThat(r.preemptions()).isPositive();
    assertThat(r.dropped()).isPositive();
    assertThat(r.completed() + r.dropped()).isEqualTo(w.size());
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
  void billingCountsReplicaHoursOverTheHorizon() {
    Workload w = Workloads.fromRateCurve("flat", new RateCurve(600, new double[] {5, 5, 5, 5, 5, 5}), 3);
    RunResult r = run(w, new FixedController("fixed", new Plan(2, 1, 64)), SimConfig.defaults().withSpot(0, 0, Duration.ZERO));
    assertThat(r.gpuHours()).isCloseTo(3.0, within(1e-9));
    assertThat(r.totalUsd()).isCloseTo(2 * 6.88 + 3.35, within(1e-9));
  }

  @Test
  void coldStartDelaysNewCapacity() {
    // One replica at cap 8 cannot carry 12 rps; a controller asks for 4 at t=15min; they serve 3 min later.
    Workload w = Workloads.fromRateCurve("flat", new RateCurve(600, new double[] {12, 12, 12, 12}), 3);
    Controller scaleOnce = new Controller() {
      public String name() {
        return "once";
      }

      public Plan initialPlan() {
        return new Plan(1, 0, 8);
      }

      public Duration interval() {
        return Duration.ofMinutes(15);
      }

      public void tick(SimContext c) {
        c.apply(new Plan(4, 0, 8));
      }
    };
    RunResult cold = run(w, scaleOnce, SimConfig.defaults());
    RunResult warm = run(w, scaleOnce, SimConfig.defaults().withColdStart(Duration.ZERO));
    assertThat(cold.ttftP99Seconds()).isGreaterThan(warm.ttftP99Seconds());
    assertThat(cold.scaleEvents()).isEqualTo(1);
    assertThat(cold.series().onDemandReady()).contains(1, 4);
  }

  @Test
  void batchCapChangeRollsReplicasWithoutLosingRequests() {
    Workload w = Workloads.fromRateCurve("flat", new RateCurve(600, new double[] {10, 10, 10}), 3);
    Controller roll = new Controller() {
      public String name() {
        return "roll";
      }

      public Plan initialPlan() {
        return new Plan(3, 0, 64);
      }

      public Duration interval() {
        return Duration.ofMinutes(10);
      }

      public void tick(SimContext c) {
        c.apply(new Plan(3, 0, c.desired().batchCap() == 64 ? 128 : 64));
      }
    };
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
}
