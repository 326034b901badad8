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
 * prefill at 512 tokens ({@code sarathi-512}) is held to 30%: with the dense roofline (Vidur's own
 * dense-layer profile: a 512-token chunk is compute bound at ~35 ms, the weight stream hidden) it came
 * from 18-42% off to 14-29%; what is left is that Vidur's prefill-only steps carry ~20 ms per
 * 1000-token prompt beyond its dense layers (its step rows, which the profile's per-token term follows),
 * while its early 512-token chunk steps (TTFT p50 over ~64 of them) carry only ~4 ms beyond theirs: its
 * attention predictor treats a whole prompt and a chunk differently, which no per-token or per-pair term
 * follows both ways. Its attention profile is not in the shared data, so that term is not fitted to the
 * bursts. The errors are reported in docs/benchmarks.md.
 */
class VidurReplayTest {
  private static final double SARATHI_512_TOLERANCE_PERCENT = 30;


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
            .isLessThan(SARATHI_512_TOLERANCE_PERCENT));
    assertThat(rows.stream().filter(r -> !r.scheduler().equals("sarathi-512"))).hasSize(24).allSatisfy(r ->
        assertThat(r.within())
        .as("%s C=%d %s: Vidur %.1f simulated %.1f (%+.1f%%)", r.scheduler(), r.concurrency(), r.figure(),
            r.reference(), r.simulated(), r.errorPercent())
        .isTrue());
  }
}
