package io.costslo.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.costslo.app.quota.ChargebackMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** `costslo report` from the operator's own /metrics (a real registry served on 127.0.0.1), in each format. */
class ReportCommandTest {
  private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

  @Test
  void operatorFiguresByTeamAndModelInEveryFormat() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ChargebackMetrics m = new ChargebackMetrics(registry);
    for (int minute = 0; minute <= 60; minute += 10) {
      Instant t = T0.plus(Duration.ofMinutes(minute));
      m.policy("search", "ranker", "llama-3-8b", "search", 20, 1000, t);
      m.policy("search", "rewriter", "llama-3-8b", "search", 10, 500, t);
      m.policy("ads", "copy", "llama-70b", "ads", 50, 400, t);
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    server.createContext("/metrics", ex -> {
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
      PlanCommandTest.Run json = PlanCommandTest.run("report", "--operator-metrics", url, "-o", "json");
      assertThat(json.code()).as(json.err()).isZero();
      JsonNode rows = new ObjectMapper().readTree(json.out()).get("rows");
      assertThat(rows).hasSize(3);
      JsonNode ads = rows.get(0);
      assertThat(ads.get("team").asText()).isEqualTo("ads");
      assertThat(ads.get("usd").asDouble()).isCloseTo(50, within(1e-6));
      assertThat(ads.get("outputTokens").asDouble()).isCloseTo(400 * 3600, within(1e-3));
      JsonNode search = rows.get(1);
      assertThat(search.get("model").asText()).isEqualTo("llama-3-8b");
      assertThat(search.get("usd").asDouble()).as("two policies of one team and model add up").isCloseTo(30, within(1e-6));
      assertThat(search.get("usdPerMillionTokens").asDouble()).isCloseTo(30 / (1500 * 3600.0) * 1e6, within(1e-9));
      assertThat(rows.get(2).get("team").asText()).isEqualTo("TOTAL");
      assertThat(rows.get(2).get("usd").asDouble()).isCloseTo(80, within(1e-6));

      PlanCommandTest.Run csv = PlanCommandTest.run("report", "--operator-metrics", url, "-o", "csv");
      assertThat(csv.out().lines().toList()).containsExactly(
          "team,model,usd,output_tokens,usd_per_million_tokens",
          "ads,llama-70b,50.0000,1440000,34.7222",
          "search,llama-3-8b,30.0000,5400000,5.5556",
          "TOTAL,,80.0000,6840000,11.6959");
      PlanCommandTest.Run table = PlanCommandTest.run("report", "--operator-metrics", url);
      assertThat(table.out()).contains("since it started", "TEAM", "search", "llama-70b");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void unreachableSourceIsAClearError() {
    PlanCommandTest.Run r = PlanCommandTest.run("report", "--prometheus", "http://127.0.0.1:1", "--period", "24h");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("report failed");
  }
}
