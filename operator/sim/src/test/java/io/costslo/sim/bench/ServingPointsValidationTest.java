package io.costslo.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServingPointsValidationTest {

  private static Path points() {
    String root = System.getProperty("costslo.shared.data");
    assumeTrue(root != null, "costslo.shared.data not set; skipping data-backed test");
    Path p = Path.of(root, "perf", "serving_perf_points.csv");
    assumeTrue(Files.isRegularFile(p), p + " absent; skipping data-backed test");
    return p;
  }

  @Test
  void simulatedReplicaReproducesThePublishedPointsWithinTolerance() {
    List<ServingPointsValidation.Row> rows = ServingPointsValidation.run(points());
    // Splitwise H100 batch 1/8/32 and A100 batch 1/32 (3 figures each) plus LAMBDA-10 (2 figures).
    assertThat(rows).hasSize(17);
    assertThat(rows).allSatisfy(r -> assertThat(r.within())
        .as("%s %s C=%d %s: published %.1f simulated %.1f (%.1f%%, tolerance %.0f%%)", r.source(), r.hardware(),
            r.concurrency(), r.metric(), r.published(), r.simulated(), r.errorPercent(), r.tolerancePercent())
        .isTrue());
  }

  @Test
  void numbersAreReadFromAnnotatedCells() {
    assertThat(ServingPointsValidation.number("~198")).isEqualTo(198);
    assertThat(ServingPointsValidation.number("606.0 (prefill of batch)")).isEqualTo(606.0);
    assertThat(ServingPointsValidation.number("mean 158")).isEqualTo(158);
  }

  @Test
  void decisionTimeBenchmarkRuns() {
    var result = DecisionTimeBenchmark.run(10, 50, 1L);
    assertThat(result.decisions()).isEqualTo(50);
    assertThat(result.p99Millis()).isGreaterThanOrEqualTo(result.medianMillis());
    assertThat(DecisionTimeBenchmark.markdown(result)).contains("## Decision time", "| median |");
  }
}
