package io.costslo.app.metrics;

import io.costslo.app.demo.SharedClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Prometheus source against a hand-written fake of the query API: PromQL shape and every outage. */
class PrometheusMetricsSourceTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final MetricsQuery QUERY = new MetricsQuery("serving", "llama-8b", Duration.ofSeconds(60), 0.99,
      Map.of());

  private final SharedClock clock = new SharedClock(NOW);
  private FakePrometheus prometheus;
  private PrometheusMetricsSource source;

  @BeforeEach
  void start() throws Exception {
    prometheus = new FakePrometheus();
    source = new PrometheusMetricsSource(
        PrometheusMetricsSource.Settings.of(prometheus.uri(), Engine.VLLM).withBearerToken("s3cret"), clock);
    healthy();
  }

  @AfterEach
  void stop() {
    prometheus.close();
  }

  private String q(String name) {
    return source.promql(name, QUERY).orElseThrow();
  }

  /** 12 req/s, 600 prompt and 150 output tokens per request, two pods, fresh samples. */
  private void healthy() {
    prometheus.answer(q(QueryNames.REQUEST_RATE), FakePrometheus.number(12));
    prometheus.answer(q(QueryNames.PROMPT_TOKEN_RATE), FakePrometheus.number(7200));
    prometheus.answer(q(QueryNames.OUTPUT_TOKEN_RATE), FakePrometheus.number(1800));
    prometheus.answer(q(QueryNames.TTFT), FakePrometheus.number(0.35));
    prometheus.answer(q(QueryNames.ITL), FakePrometheus.number(0.042));
    prometheus.answer(q(QueryNames.RUNNING), FakePrometheus.number(24));
    prometheus.answer(q(QueryNames.WAITING), FakePrometheus.number(2));
    prometheus.answer(q(QueryNames.KV_CACHE_USAGE), FakePrometheus.number(0.61));
    prometheus.answer(q(QueryNames.READY_PODS), FakePrometheus.number(2));
    prometheus.answer(q(QueryNames.NEWEST_SAMPLE), FakePrometheus.number(NOW.minusSeconds(5).getEpochSecond()));
    prometheus.answer(q(QueryNames.POD_RUNNING), FakePrometheus.byPod(new TreeMap<>(Map.of("llama-8b-a", 14.0,
        "llama-8b-b", 10.0))));
    prometheus.answer(q(QueryNames.POD_ITL_MEAN), FakePrometheus.byPod(Map.of("llama-8b-a", 0.030, "llama-8b-b",
        Double.NaN)));
    prometheus.answer(q(QueryNames.POD_PROMPT_TOKEN_RATE), FakePrometheus.byPod(Map.of("llama-8b-a", 4000.0)));
  }

  private MetricsUnavailableException unavailable() {
    try {
      Observation o = source.observe(QUERY);
      throw new AssertionError("expected MetricsUnavailableException, got " + o);
    } catch (MetricsUnavailableException e) {
      return e;
    }
  }

  @Test
  void defaultVllmQueriesCoverBothNameGenerationsAndTheSelector() {
    String selector = "{namespace=\"serving\",pod=~\"llama-8b-.*\"}";
    assertThat(q(QueryNames.ITL)).isEqualTo("histogram_quantile(0.99, sum by (le) "
        + "(rate(vllm:inter_token_latency_seconds_bucket" + selector + "[60s])"
        + " or rate(vllm:time_per_output_token_seconds_bucket" + selector + "[60s])))");
    assertThat(q(QueryNames.KV_CACHE_USAGE)).contains("vllm:kv_cache_usage_perc" + selector)
        .contains(" or avg_over_time(vllm:gpu_cache_usage_perc" + selector + "[60s])");
    assertThat(q(QueryNames.REQUEST_RATE)).isEqualTo("sum(rate(vllm:request_success_total" + selector + "[60s]))");
  }

  @Test
  void overridesAndSelectorTemplateAreHonoured() {
    MetricsQuery overridden = new MetricsQuery("serving", "llama.8b", Duration.ofMinutes(2), 0.9,
        Map.of(QueryNames.RUNNING, "sum(my_running{selector}) # {window}"));
    PrometheusMetricsSource custom = new PrometheusMetricsSource(PrometheusMetricsSource.Settings
        .of(prometheus.uri(), Engine.SGLANG).withSelectorTemplate("ns=\"{namespace}\",app=\"{deployment}\""), clock);

    assertThat(custom.promql(QueryNames.RUNNING, overridden)).hasValue(
        "sum(my_running{ns=\"serving\",app=\"llama.8b\"}) # 120s");
    assertThat(custom.promql(QueryNames.TTFT, overridden).orElseThrow()).startsWith("histogram_quantile(0.9, ")
        .contains("sglang:time_to_first_token_seconds_bucket{ns=\"serving\",app=\"llama.8b\"}[120s]");
    // The default selector escapes the dot for its regex.
    assertThat(source.promql(QueryNames.RUNNING, overridden).orElseThrow()).contains("pod=~\"llama\\\\.8b-.*\"");
    assertThat(custom.promql(QueryNames.ITL, QUERY).orElseThrow()).contains("sglang:inter_token_latency_seconds")
        .contains(" or rate(sglang:time_per_output_token_seconds_bucket");
  }

  @Test
  void healthyAnswersBecomeAnObservation() throws Exception {
    Observation o = source.observe(QUERY);

    assertThat(o.load().rate().value()).isEqualTo(12.0);
    assertThat(o.load().input().mean()).isCloseTo(600, within(1e-9));
    assertThat(o.load().output().mean()).isCloseTo(150, within(1e-9));
    assertThat(o.ttft()).hasValue(Duration.ofMillis(350));
    assertThat(o.itl()).hasValue(Duration.ofMillis(42));
    assertThat(o.runningRequests()).isEqualTo(24);
    assertThat(o.waitingRequests()).isEqualTo(2);
    assertThat(o.kvCacheUsage()).isEqualTo(0.61);
    assertThat(o.readyPods()).isEqualTo(2);
    assertThat(o.takenAt()).isEqualTo(NOW.minusSeconds(5));
    assertThat(o.window()).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.samples()).hasSize(2);
    assertThat(o.samples().get(0).meanItl()).isEqualTo(Duration.ofMillis(30));
    assertThat(o.samples().get(0).promptTokensPerSecond()).isEqualTo(4000);
    assertThat(o.samples().get(1).meanItl()).isEqualTo(Duration.ZERO); // NaN = idle pod
    assertThat(prometheus.authorizations).isNotEmpty().allMatch("Bearer s3cret"::equals);
  }

  @Test
  void bucketRatesGiveTheAttainmentAndLengthTailsTheirP99() throws Exception {
    prometheus.answer(q(QueryNames.TTFT_BUCKETS), FakePrometheus.byLabel("le", Map.of("0.1", 8.0, "0.25", 9.0,
        "0.5", 9.5, "+Inf", 10.0)));
    prometheus.answer(q(QueryNames.ITL_BUCKETS), FakePrometheus.byLabel("le", Map.of("0.025", 90.0, "0.05", 99.0,
        "+Inf", 100.0)));
    prometheus.answer(q(QueryNames.PROMPT_LENGTH_P99), FakePrometheus.number(1900));
    prometheus.answer(q(QueryNames.OUTPUT_LENGTH_P99), FakePrometheus.number(180));
    MetricsQuery withObjectives = QUERY.withObjectives(Duration.ofMillis(200), Duration.ofMillis(50));

    Observation o = source.observe(withObjectives);

    // TTFT: 200 ms is 2/3 into (0.1, 0.25]: (8 + 1 * 2/3) / 10; ITL: 50 ms is an edge, 99 / 100.
    assertThat(o.attainment().orElseThrow()).isCloseTo((8 + 1 * (0.1 / 0.15)) / 10, within(1e-9));
    assertThat(o.load().input().p99()).isEqualTo(1900);
    assertThat(o.load().output().p99()).isEqualTo(180);
    // Without objectives there is nothing to count against.
    assertThat(source.observe(QUERY).attainment()).isEmpty();
  }

  @Test
  void noBucketOrLengthSeriesMeansNoAttainmentAndTheMeanAsTail() throws Exception {
    Observation o = source.observe(QUERY.withObjectives(Duration.ofMillis(200), Duration.ofMillis(50)));
    assertThat(o.attainment()).isEmpty();
    assertThat(o.load().input().p99()).isEqualTo(o.load().input().mean());
    assertThat(o.load().output().p99()).isEqualTo(o.load().output().mean());
  }

  @Test
  void prometheusDownIsUnreachable() throws Exception {
    // Bound but never listening, and not reusable: refused for as long as it is open, and no other process
    // can be handed the port meanwhile (a probed port-0 number, once closed, could be).
    try (Socket refusing = new Socket()) {
      refusing.setReuseAddress(false);
      refusing.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int closedPort = refusing.getLocalPort();
      PrometheusMetricsSource down = new PrometheusMetricsSource(
          PrometheusMetricsSource.Settings.of(URI.create("http://127.0.0.1:" + closedPort), Engine.VLLM), clock);
      try {
        down.observe(QUERY);
        throw new AssertionError("expected failure");
      } catch (MetricsUnavailableException e) {
        assertThat(e.reason()).isEqualTo("PrometheusUnreachable");
        assertThat(e.getMessage()).contains("127.0.0.1:" + closedPort).contains("serving/llama-8b");
      }
    }
  }

  @Test
  void emptyResultIsNoDataNamingTheFigure() {
    prometheus.answer(q(QueryNames.REQUEST_RATE), FakePrometheus.vector());
    MetricsUnavailableException e = unavailable();
    assertThat(e.reason()).isEqualTo("NoData");
    assertThat(e.getMessage()).contains("requestRate").contains("vllm:request_success_total");
  }

  @Test
  void staleSeriesIsStaleMetrics() {
    prometheus.answer(q(QueryNames.NEWEST_SAMPLE), FakePrometheus.number(NOW.minusSeconds(600).getEpochSecond()));
    MetricsUnavailableException e = unavailable();
    assertThat(e.reason()).isEqualTo("StaleMetrics");
    assertThat(e.getMessage()).contains("600s old").contains("allowed 120s");
  }

  @Test
  void nanIsNotANumber() {
    prometheus.answer(q(QueryNames.KV_CACHE_USAGE), FakePrometheus.number(Double.NaN));
    MetricsUnavailableException e = unavailable();
    assertThat(e.reason()).isEqualTo("NotANumber");
    assertThat(e.getMessage()).contains("KV-cache usage is NaN");
  }

  @Test
  void nanQuantileWithTrafficIsNotANumberButWithoutTrafficIsNoLatency() throws Exception {
    prometheus.answer(q(QueryNames.TTFT), FakePrometheus.number(Double.NaN));
    assertThat(unavailable().reason()).isEqualTo("NotANumber");

    prometheus.answer(q(QueryNames.REQUEST_RATE), FakePrometheus.number(0));
    Observation idle = source.observe(QUERY);
    assertThat(idle.ttft()).isEmpty();
    assertThat(idle.load().input().mean()).isZero();
  }

  @Test
  void contradictionsAreRefused() {
    prometheus.answer(q(QueryNames.KV_CACHE_USAGE), FakePrometheus.number(1.5));
    assertThat(unavailable().reason()).isEqualTo("ContradictoryMetrics");
    healthy();
    prometheus.answer(q(QueryNames.RUNNING), FakePrometheus.number(-1));
    MetricsUnavailableException e = unavailable();
    assertThat(e.reason()).isEqualTo("ContradictoryMetrics");
    assertThat(e.getMessage()).contains("running requests is negative");
    healthy();
    prometheus.answer(q(QueryNames.OUTPUT_TOKEN_RATE), FakePrometheus.number(-3));
    assertThat(unavailable().reason()).isEqualTo("ContradictoryMetrics");
  }

  @Test
  void moreTokensThanThePodsCanProduceAreImplausible() throws Exception {
    PrometheusMetricsSource bounded = new PrometheusMetricsSource(
        PrometheusMetricsSource.Settings.of(prometheus.uri(), Engine.VLLM), clock, MetricsHttp.shared(), 10_000);
    assertThat(bounded.observe(QUERY).load().outputTokenRate().value()).isEqualTo(1800.0);
    prometheus.answer(q(QueryNames.OUTPUT_TOKEN_RATE), FakePrometheus.number(1e15));
    try {
      throw new AssertionError("expected MetricsUnavailableException, got " + bounded.observe(QUERY));
    } catch (MetricsUnavailableException e) {
      assertThat(e.reason()).isEqualTo(MetricsReasons.IMPLAUSIBLE_METRICS);
      assertThat(e.getMessage()).contains("more than they can produce");
    }
  }

  @Test
  void errorAnswersAreQueryFailures() {
    prometheus.failWith(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}");
    MetricsUnavailableException e = unavailable();
    assertThat(e.reason()).isEqualTo("PrometheusQueryFailed");
    // The error type is a known word and kept; the server's own text is not repeated.
    assertThat(e.getMessage()).contains("(bad_data)").doesNotContain("parse error");

    prometheus.failWith(401, "Unauthorized");
    e = unavailable();
    assertThat(e.reason()).isEqualTo("PrometheusQueryFailed");
    assertThat(e.getMessage()).contains("bearer token").doesNotContain("s3cret");

    prometheus.failWith(503, "down for maintenance");
    assertThat(unavailable().reason()).isEqualTo("PrometheusUnreachable");

    prometheus.failWith(200, "<html>a proxy login page</html>");
    assertThat(unavailable().reason()).isEqualTo("PrometheusQueryFailed");
  }

  @Test
  void unaggregatedOverrideIsRefused() {
    prometheus.answer(q(QueryNames.WAITING), FakePrometheus.vector("1", "2"));
    MetricsUnavailableException e = unavailable();
    assertThat(e.reason()).isEqualTo("PrometheusQueryFailed");
    assertThat(e.getMessage()).contains("2 series");
  }

  @Test
  void tgiHasNoKvUsageAndReportsZero() throws Exception {
    PrometheusMetricsSource tgi = new PrometheusMetricsSource(
        PrometheusMetricsSource.Settings.of(prometheus.uri(), Engine.TGI), clock);
    assertThat(tgi.promql(QueryNames.KV_CACHE_USAGE, QUERY)).isEmpty();
    for (String name : new String[] {QueryNames.REQUEST_RATE, QueryNames.PROMPT_TOKEN_RATE,
        QueryNames.OUTPUT_TOKEN_RATE, QueryNames.TTFT, QueryNames.ITL, QueryNames.RUNNING, QueryNames.WAITING,
        QueryNames.READY_PODS}) {
      prometheus.answer(tgi.promql(name, QUERY).orElseThrow(), FakePrometheus.number(1));
    }
    prometheus.answer(tgi.promql(QueryNames.NEWEST_SAMPLE, QUERY).orElseThrow(),
        FakePrometheus.number(NOW.getEpochSecond()));
    Observation o = tgi.observe(QUERY);
    assertThat(o.kvCacheUsage()).isZero();
    assertThat(o.runningRequests()).isEqualTo(1);
    assertThat(tgi.promql(QueryNames.RUNNING, QUERY).orElseThrow()).contains("tgi_batch_current_size");
  }

  @Test
  void settingsNeverPrintTheToken() {
    assertThat(PrometheusMetricsSource.Settings.of(prometheus.uri(), Engine.VLLM).withBearerToken("s3cret")
        .toString()).doesNotContain("s3cret").contains("***");
  }
}
