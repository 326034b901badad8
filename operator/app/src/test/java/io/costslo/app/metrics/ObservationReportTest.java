package io.costslo.app.metrics;

import io.costslo.app.demo.SharedClock;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.load.Load;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import io.costslo.core.metrics.Observation.CalibrationSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObservationReportTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final MetricsQuery QUERY = new MetricsQuery("serving", "llama-8b", Duration.ofSeconds(60), 0.99,
      Map.of());

  @Test
  void rendersFiguresAgeAndPods() {
    Observation o = new Observation(NOW.minusSeconds(7), Duration.ofSeconds(60), Load.of(12, 600, 150),
        Optional.of(Duration.ofMillis(350)), Optional.empty(), 0.99, 24, 2, 0.61, 2,
        List.of(new CalibrationSample("llama-8b-a", 14, Duration.ofMillis(30), 4000, Duration.ofMillis(200))));

    String text = ObservationReport.render(QUERY, o, NOW);

    assertThat(text).contains("Metrics for serving/llama-8b")
        .contains("age 7.0 s")
        .containsPattern("request rate +12\\.00 req/s")
        .containsPattern("TTFT p99 +350\\.0 ms")
        .containsPattern("ITL p99 +- +no generated token in window")
        .containsPattern("KV-cache usage +61\\.0 %")
        .containsPattern("llama-8b-a +14\\.0 +30\\.0 ms +4000 +200\\.0 ms")
        .contains("Status: OK");
  }

  @Test
  void rendersTheHoldReason() {
    String text = ObservationReport.renderHold(QUERY,
        new MetricsUnavailableException("StaleMetrics", "newest sample is 600s old"));
    assertThat(text).contains("Status: HOLD").contains("Reason: StaleMetrics").contains("600s old");
  }

  @Test
  void observeAndRenderUsesTheSource() {
    String text = ObservationReport.observeAndRender(q -> {
      throw new MetricsUnavailableException("PrometheusUnreachable", "connection refused");
    }, QUERY, new SharedClock(NOW));
    assertThat(text).contains("Reason: PrometheusUnreachable");
  }
}
