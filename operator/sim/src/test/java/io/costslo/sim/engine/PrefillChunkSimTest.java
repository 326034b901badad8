package io.costslo.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.plan.Plan;
import io.costslo.sim.control.FixedController;
import io.costslo.sim.workload.Workload;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fleet runs the plan's prefill chunk as each replica's token budget per step. */
class PrefillChunkSimTest {
  private static final SimConfig CONFIG = SimConfig.defaults().withSpot(0, 0, Duration.ZERO);

  /** Prefill-heavy code traffic: Poisson 6 rps for 10 min, ~2k-token prompts (a tail to 8k), 28 output tokens. */
  private static Workload prefillHeavy(long seed) {
    Random r = new Random(seed);
    int n = 3600;
    double[] t = new double[n];
    int[] in = new int[n];
    int[] out = new int[n];
    double now = 0;
    for (int i = 0; i < n; i++) {
      now += -Math.log(1 - r.nextDouble()) / 6.0;
      t[i] = now;
      in[i] = (int) Math.min(8000, Math.round(2000 * Math.exp(0.6 * r.nextGaussian() - 0.18)));
      out[i] = 28;
    }
    return new Workload("prefill-heavy", t, in, out, Duration.ofSeconds((long) Math.ceil(now) + 1));
  }

  private static RunResult run(Plan plan, SimConfig config) {
    return new Simulator(prefillHeavy(42), BuiltInProfiles.LLAMA_8B_H100, 6.88, 3.35, config, 7,
        new FixedController("fixed", plan), Duration.ofSeconds(2), Duration.ofMillis(40)).run();
  }

  @Test
  void aSmallerChunkImprovesItlAttainmentOnPrefillHeavyTraffic() {
    RunResult whole = run(new Plan(1, 0, 64), CONFIG);
    RunResult chunked = run(new Plan(1, 0, 64, OptionalInt.of(512)), CONFIG);

    assertThat(chunked.completed()).isEqualTo(whole.completed());
    assertThat(chunked.itlP99Seconds()).as("p99 ITL").isLessThan(whole.itlP99Seconds() * 0.7);
    assertThat(chunked.itlAttainment()).as("ITL attainment").isGreaterThan(whole.itlAttainment());
    assertThat(chunked.ttftP99Seconds()).as("p99 TTFT, the price").isGreaterThan(whole.ttftP99Seconds());
    System.out.printf("prefill-heavy 6 rps, 1 H100: ITL p99 %.1f -> %.1f ms, ITL attainment %.3f -> %.3f,"
        + " TTFT p99 %.0f -> %.0f ms (8192 -> 512 tokens per step)%n", whole.itlP99Seconds() * 1000,
        chunked.itlP99Seconds() * 1000, whole.itlAttainment(), chunked.itlAttainment(),
        whole.ttftP99Seconds() * 1000, chunked.ttftP99Seconds() * 1000);
  }

  @Test
  void thePlansChunkIsTheSameAsConfiguringThatBudget() {
    RunResult byPlan = run(new Plan(1, 0, 64, OptionalInt.of(1024)), CONFIG);
    RunResult byConfig = run(new Plan(1, 0, 64), CONFIG.withMaxPrefillTokensPerStep(1024));
    assertThat(byPlan.itlP99Seconds()).isEqualTo(byConfig.itlP99Seconds());
    assertThat(byPlan.ttftP99Seconds()).isEqualTo(byConfig.ttftP99Seconds());
    assertThat(byPlan.outputTokens()).isEqualTo(byConfig.outputTokens());
  }
}
