package io.costslo.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * `costslo report --prometheus` against a real Prometheus (Debian's 2.42) holding two days of
 * chargeback counters, backfilled with promtool from OpenMetrics: two teams, constant rates, so the
 * expected figures are rate x period. Tolerance 0.5%: increase() extrapolates to the window's edges
 * from samples a minute apart.
 */
class ReportCommandITCase {
  private static final Path PROMETHEUS = Path.of(System.getProperty("costslo.prometheus.binary", "/usr/bin/prometheus"));
  private static final Path PROMTOOL = PROMETHEUS.resolveSibling("promtool");
  private static final Pattern LISTENING = Pattern.compile("msg=\"Listening on\" address=127\\.0\\.0\\.1:(\\d+)");

  @Test
  void spendTokensAndCptByTeamAndModelOverADay() throws Exception {
    if (!Files.isExecutable(PROMETHEUS) || !Files.isExecutable(PROMTOOL)) {
      if (Boolean.getBoolean("costslo.skipPrometheus")) {
        Assumptions.abort("prometheus/promtool absent and costslo.skipPrometheus=true");
      }
      fail("prometheus and promtool not found beside " + PROMETHEUS + ": apt-get install -y prometheus,"
          + " or -Dcostslo.skipPrometheus=true to skip");
    }
    Path dir = Files.createTempDirectory("costslo-report-it");
    // Well before the head block (backfill of the last ~3 h is not supported).
    Instant end = Instant.now().minus(Duration.ofHours(6)).truncatedTo(ChronoUnit.MINUTES);
    StringBuilder om = new StringBuilder();
    series(om, "costslo_chargeback_usd", "search", "llama-3-8b", 20.0 / 3600, end);
    series(om, "costslo_chargeback_output_tokens", "search", "llama-3-8b", 1000, end);
    series(om, "costslo_chargeback_usd", "ads", "llama-70b", 50.0 / 3600, end);
    series(om, "costslo_chargeback_output_tokens", "ads", "llama-70b", 400, end);
    om.append("# EOF\n");
    Files.writeString(dir.resolve("data.om"), om);
    Process backfill = new ProcessBuilder(PROMTOOL.toString(), "tsdb", "create-blocks-from", "openmetrics",
        dir.resolve("data.om").toString(), dir.resolve("data").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("promtool.log").toFile()).start();
    assertThat(backfill.waitFor()).as("promtool, log %s", dir.resolve("promtool.log")).isZero();
    Files.writeString(dir.resolve("prometheus.yml"), "global: {scrape_interval: 1m}\n");
    // Port 0: the kernel picks a free port, so no other process can take it between a probe and the bind;
    // the log (info level) says which.
    Path log = dir.resolve("prometheus.log");
    Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + dir.resolve("data"), "--storage.tsdb.retention.time=30d",
        "--web.listen-address=127.0.0.1:0", "--log.level=info")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      AtomicInteger port = new AtomicInteger();
      await("prometheus to say where it listens").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> {
            assertThat(prometheus.isAlive()).as("prometheus process, log: %s", log).isTrue();
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
              port.set(Integer.parseInt(m.group(1)));
            }
            return port.get() > 0;
          });
      URI base = URI.create("http://127.0.0.1:" + port.get());
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() ->
          http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(), HttpResponse.BodyHandlers.ofString())
              .statusCode() == 200);
      PlanCommandTest.Run r = PlanCommandTest.run("report", "--prometheus", base.toString(), "--period", "24h",
          "--end", end.toString(), "-o", "json");
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode rows = new ObjectMapper().readTree(r.out()).get("rows");
      assertThat(rows).hasSize(3);
      JsonNode ads = rows.get(0);
      assertThat(ads.get("team").asText()).isEqualTo("ads");
      assertThat(ads.get("usd").asDouble()).isCloseTo(50 * 24, within(50 * 24 * 0.005));
      assertThat(ads.get("outputTokens").asDouble()).isCloseTo(400 * 86400, within(400 * 86400 * 0.005));
      JsonNode search = rows.get(1);
      assertThat(search.get("model").asText()).isEqualTo("llama-3-8b");
      assertThat(search.get("usdPerMillionTokens").asDouble()).isCloseTo(20 / 3.6, within(20 / 3.6 * 0.005));
    } finally {
      prometheus.destroy();
      prometheus.waitFor();
    }
  }

  /** Two days of a constant-rate counter, one sample a minute, ending at {@code end}. */
  private static void series(StringBuilder om, String family, String team, String model, double perSecond, Instant end) {
    om.append("# TYPE ").append(family).append(" counter\n");
    Instant start = end.minus(Duration.ofDays(2));
    for (long t = start.getEpochSecond(); t <= end.getEpochSecond(); t += 60) {
      om.append(family).append("_total{namespace=\"").append(team).append("\",policy=\"p\",team=\"").append(team)
          .append("\",model=\"").append(model).append("\"} ").append((t - start.getEpochSecond()) * perSecond)
          .append(' ').append(t).append('\n');
    }
  }
}
