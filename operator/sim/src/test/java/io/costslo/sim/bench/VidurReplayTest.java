package io.costslo.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Vidur reference bursts through the fixed fleet. Prefill-first ({@code vllm}, C=1..64) and chunked
 * prefill at 2048 tokens per step ({@code sarathi-2048}) are held to 15% on every figure. Chunked
 * prefill at 512 tokens ({@code sarathi-512}) is not: Vidur's step for a ~500-token chunk is ~40 ms
 * (its TBT p99 and TTFT p50 over 125 chunk steps say so), i.e. ~0.055 ms per prefill token, while its
 * own 1000- to 4000-token prefill steps cost ~0.085 ms per token; a step model linear in prefill tokens
 * (plus the quadratic attention term) cannot follow both, and the built-in profile is fitted to the
 * step rows. Those rows are held to a 45% band so a regression still fails, and the gap is reported.
 */
class VidurReplayTest {

  private static Path reference() {
    String root = System.getProperty("costslo.shared.data");
    assumeTrue(root != null, "costslo.shared.data not set; skipping data-backed test");
    Path p = Path.of(root, "perf", "vidur_llama3_8b_a100_reference.csv");
    assumeTrue(Files.isRegularFile(p), p + " absent; skipping data-backed test");
    return p;
  }

  @Test
  void burstsMatchVidur() {
    List<VidurReplay.Row> rows = VidurReplay.run(reference());
    assertThat(rows).hasSize(30);
    assertThat(rows).extracting(VidurReplay.Row::scheduler).contains("vllm", "sarathi-512", "sarathi-2048");
    assertThat(rows.stream().filter(r -> r.scheduler().equals("sarathi-512"))).allSatisfy(r ->
        assertThat(Math.abs(r.errorPercent())).as("%s C=%d %s", r.scheduler(), r.concurrency(), r.figure())
            .isLessThan(45));
    assertThat(rows.stream().filter(r -> !r.scheduler().equals("sarathi-512"))).hasSize(24).allSatisfy(r ->
        assertThat(r.within())
        .as("%s C=%d %s: Vidur %.1f simulated %.1f (%+.1f%%)", r.scheduler(), r.concurrency(), r.figure(),
            r.reference(), r.simulated(), r.errorPercent())
        .isTrue());
  }
}
