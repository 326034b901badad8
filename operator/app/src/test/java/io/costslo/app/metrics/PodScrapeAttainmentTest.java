package io.costslo.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Measured attainment and length tails through the pod scrape: fake vLLM pods on 127.0.0.1 serve
 * two hand-written pages, so every figure below is worked out from the bucket increases.
 */
class PodScrapeAttainmentTest {
  private static final Instant T0 = Instant.parse("2026-12-02T01:00:00Z");
  private static final MetricsQuery QUERY = new MetricsQuery("ns", "llm", Duration.ofSeconds(30), 0.99, Map.of())
      .withObjectives(Duration.ofMillis(200), Duration.ofMillis(50));

  private final List<HttpServer> servers = new ArrayList<>();
  private Instant now = T0;
  private final Clock clock = new Clock() {
    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
  }

  private String pod(AtomicReference<String> page) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/metrics", exchange -> {
      byte[] body = page.get().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    servers.add(server);
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** One pod's page; histogram counts are cumulative per le, the last one being +Inf. */
  private static String page(double finished, double promptTokens, double outputTokens, double[] ttft, double[] itl,
      double[] promptLengths, double[] outputLengths) {
    StringBuilder b = new StringBuilder();
    counter(b, "vllm:request_success_total", finished);
    counter(b, "vllm:prompt_tokens_total", promptTokens);
    counter(b, "vllm:generation_tokens_total", outputTokens);
    histogram(b, "vllm:time_to_first_token_seconds", new double[] {0.1, 0.25, 0.5}, ttft);
    histogram(b, "vllm:inter_token_latency_seconds", new double[] {0.025, 0.05}, itl);
    if (promptLengths != null) {
      histogram(b, "vllm:request_prompt_tokens", new double[] {500, 1000, 2000}, promptLengths);
      histogram(b, "vllm:request_generation_tokens", new double[] {50, 100, 200}, outputLengths);
    }
    b.append("# TYPE vllm:num_requests_running gauge\nvllm:num_requests_running{model_name=\"m\"} 4\n");
    b.append("# TYPE vllm:num_requests_waiting gauge\nvllm:num_requests_waiting{model_name=\"m\"} 0\n");
    b.append("# TYPE vllm:kv_cache_usage_perc gauge\nvllm:kv_cache_usage_perc{model_name=\"m\"} 0.5\n");
    return b.toString();
  }

  private static void counter(StringBuilder b, String name, double v) {
    b.append("# TYPE ").append(name.replace("_total", "")).append(" counter\n")
        .append(name).append("{model_name=\"m\"} ").append(v).append('\n');
  }

  private static void histogram(StringBuilder b, String name, double[] les, double[] counts) {
    b.append("# TYPE ").append(name).append(" histogram\n");
    for (int i = 0; i <= les.length; i++) {
      String le = i < les.length ? String.format(Locale.ROOT, "%s", les[i]) : "+Inf";
      b.append(name).append("_bucket{le=\"").append(le).append("\",model_name=\"m\"} ").append(counts[i]).append('\n');
    }
    b.append(name).append("_sum{model_name=\"m\"} ").append(counts[les.length] * 0.01).append('\n');
    b.append(name).append("_count{model_name=\"m\"} ").append(counts[les.length]).append('\n');
  }

  private static final double[] TTFT_BEFORE = {10, 10, 10, 10};
  private static final double[] ITL_BEFORE = {100, 100, 100};
  private static final double[] PROMPT_BEFORE = {10, 10, 10, 10};
  private static final double[] OUTPUT_BEFORE = {10, 10, 10, 10};

  private static String baseline(boolean lengths) {
    return page(10, 8_000, 900, TTFT_BEFORE, ITL_BEFORE, lengths ? PROMPT_BEFORE : null,
        lengths ? OUTPUT_BEFORE : null);
  }

  /** 100 more requests: 800 prompt and 90 output tokens each on average. */
  private static String later(boolean lengths) {
    return page(110, 88_000, 9_900, new double[] {90, 100, 105, 110}, new double[] {1_000, 1_090, 1_100},
        lengths ? new double[] {60, 100, 110, 110} : null, lengths ? new double[] {70, 105, 110, 110} : null);
  }

  private PodScrapeMetricsSource source(List<String> targets) {
    return new PodScrapeMetricsSource(() -> targets, PodScrapeMetricsSource.Settings.defaults(Engine.VLLM), clock);
  }

  @Test
  void attainmentAndLengthTailsFromTwoScrapes() throws Exception {
    AtomicReference<String> page = new AtomicReference<>(baseline(true));
    PodScrapeMetricsSource source = source(List.of(pod(page)));
    assertNoDataYet(source);

    now = T0.plusSeconds(10);
    page.set(later(true));
    Observation o = source.observe(QUERY);

    // TTFT increases 80, 90, 95, 100 at le 0.1, 0.25, 0.5, +Inf: the 200 ms objective is 2/3 into
    // (0.1, 0.25], so 80 + 10 * 2/3 of 100. ITL increases 900, 990, 1000: 50 ms is an edge, 0.99.
    double ttftShare = (80 + 10 * (0.1 / 0.15)) / 100;
    assertThat(o.attainment()).isPresent();
    assertThat(o.attainment().orElseThrow()).isCloseTo(Math.min(ttftShare, 0.99), within(1e-9));
    // Prompt lengths 50, 90, 100 at le 500, 1000, 2000: rank 99 is 9/10 into (1000, 2000].
    assertThat(o.load().input().mean()).isCloseTo(800, within(1e-9));
    assertThat(o.load().input().p99()).isCloseTo(1_900, within(1e-9));
    // Output lengths 60, 95, 100 at le 50, 100, 200: rank 99 is 4/5 into (100, 200].
    assertThat(o.load().output().mean()).isCloseTo(90, within(1e-9));
    assertThat(o.load().output().p99()).isCloseTo(180, within(1e-9));
  }

  @Test
  void noNewRequestsNoAttainmentAndNoLengthHistogramsNoTail() throws Exception {
    AtomicReference<String> quiet = new AtomicReference<>(baseline(true));
    AtomicReference<String> old = new AtomicReference<>(baseline(false));
    PodScrapeMetricsSource idle = source(List.of(pod(quiet)));
    PodScrapeMetricsSource older = source(List.of(pod(old)));
    assertNoDataYet(idle);
    assertNoDataYet(older);

    now = T0.plusSeconds(10);
    Observation still = idle.observe(QUERY);
    assertThat(still.attainment()).isEmpty();
    assertThat(still.load().input().p99()).isEqualTo(still.load().input().mean());

    old.set(later(false));
    Observation o = older.observe(QUERY);
    assertThat(o.attainment().orElseThrow()).isCloseTo((80 + 10 * (0.1 / 0.15)) / 100, within(1e-9));
    // Without the length histograms the tail is the mean: no figure is invented.
    assertThat(o.load().input().p99()).isCloseTo(800, within(1e-9));
    assertThat(o.load().output().p99()).isCloseTo(90, within(1e-9));
  }

  @Test
  void queryWithoutObjectivesMeasuresNoAttainment() throws Exception {
    AtomicReference<String> page = new AtomicReference<>(baseline(true));
    PodScrapeMetricsSource source = source(List.of(pod(page)));
    MetricsQuery plain = new MetricsQuery("ns", "llm", Duration.ofSeconds(30), 0.99, Map.of());
    assertNoDataYet(source);
    now = T0.plusSeconds(10);
    page.set(later(true));
    assertThat(source.observe(plain).attainment()).isEmpty();
  }

  private static void assertNoDataYet(PodScrapeMetricsSource source) {
    try {
      source.observe(QUERY);
      throw new AssertionError("the first scrape is only a baseline");
    } catch (MetricsUnavailableException e) {
      assertThat(e.reason()).isEqualTo("NoData");
    }
  }
}
