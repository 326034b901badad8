package io.costslo.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.policy.CostPolicy;
import io.costslo.sim.policy.SimPolicies;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The policies docs/benchmarks.md simulates, as a user writes them (docs/policies): read through the
 * CLI's loader they map to the simulator's but for the cap they start at. The file cannot say what the
 * Deployment runs, so the CLI starts at vLLM's default (256); the benchmark's Deployment runs 64.
 */
class BenchmarkPoliciesTest {
  private static final Path DIR = PlanCommandTest.POLICY.getParent().getParent().resolve("docs/policies");

  private static CostPolicy read(String name) {
    return PolicyLoader.load(DIR.resolve(name), Optional.empty()).core();
  }

  /** {@code read} with the simulator policy's starting cap; the caps and chunks themselves must match. */
  private static CostPolicy startingAs(CostPolicy read, CostPolicy sim) {
    assertThat(read.batch().allowedCaps()).isEqualTo(sim.batch().allowedCaps());
    assertThat(read.batch().defaultCap()).isEqualTo(256);
    return read.withBatch(sim.batch());
  }

  @Test
  void theEightBPolicyFileIsTheSimulatorsPolicy() {
    CostPolicy sim = SimPolicies.llama8bH100();
    assertThat(startingAs(read("llama-3-8b-h100.yaml"), sim)).isEqualTo(sim);
  }

  @Test
  void theSeventyBPolicyFileIsTheSimulatorsPolicy() {
    CostPolicy sim = SimPolicies.llama70bTwoH100();
    assertThat(startingAs(read("llama-70b-2xh100.yaml"), sim)).isEqualTo(sim);
  }
}
