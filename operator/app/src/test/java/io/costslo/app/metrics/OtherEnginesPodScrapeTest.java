package io.costslo.app.metrics;

import io.costslo.app.demo.SharedClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pod scraper reads SGLang and TGI names too: two hand-written scrapes, exact deltas. */
class OtherEnginesPodScrapeTest {
  private static final MetricsQuery QUERY = new MetricsQuery("ns", "m", Duration.ofSeconds(30), 0.5, Map.of());
  private final SharedClock clock = new SharedClock(Instant.parse("2026-11-24T12:00:00Z"));
  private HttpServer server;
  private volatile String body = "";

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    server.createContext("/metrics", ex -> {
      try (ex) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream os = ex.getResponseBody()) {
          os.write(b);
        }
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Observation twoScrapes(Engine engine, String first, String second) throws Exception {
    PodScrapeMetricsSource source = new PodScrapeMetricsSource(
        () -> List.of("127.0.0.1:" + server.getAddress().getPort()), PodScrapeMetricsSource.Settings.defaults(engine),
        clock);
    body = first;
    try {
      source.observe(QUERY);
    } catch (MetricsUnavailableException baseline) {
      assertThat(baseline.reason()).isEqualTo("NoData");
    }
    clock.advance(Duration.ofSeconds(20));
    body = second;
    return source.observe(QUERY);
  }

  private static String sglang(double requests, double prompt, double gen, double fastTtft, double running) {
    String l = "{model_name=\"m\"}";
    return """
        # TYPE sglang:prompt_tokens_total counter
        sglang:prompt_tokens_total%1$s %2$s
        sglang:generation_tokens_total%1$s %3$s
        sglang:num_running_reqs%1$s %4$s
        sglang:num_queue_reqs%1$s 2.0
        sglang:token_usage%1$s 0.28
        sglang:e2e_request_latency_seconds_count%1$s %5$s
        sglang:e2e_request_latency_seconds_sum%1$s 1.0
        sglang:time_to_first_token_seconds_bucket{le="0.1",model_name="m"} %6$s
        sglang:time_to_first_token_seconds_bucket{le="0.2",model_name="m"} %5$s
        sglang:time_to_first_token_seconds_bucket{le="+Inf",model_name="m"} %5$s
        sglang:time_to_first_token_seconds_sum%1$s 1.0
        sglang:time_to_first_token_seconds_count%1$s %5$s
        sglang:time_per_output_token_seconds_bucket{le="0.05",model_name="m"} %3$s
        sglang:time_per_output_token_seconds_bucket{le="+Inf",model_name="m"} %3$s
        sglang:time_per_output_token_seconds_sum%1$s 1.0
        sglang:time_per_output_token_seconds_count%1$s %3$s
        """.formatted(l, prompt, gen, running, requests, fastTtft);
  }

  @Test
  void sglangNamesIncludingTheOlderItlName() throws Exception {
    // 40 requests in 20 s: 20 with TTFT <= 0.1 s and 20 in (0.1, 0.2]; the median is the 0.1 s bound.
    Observation o = twoScrapes(Engine.SGLANG, sglang(10, 1000, 500, 10, 4), sglang(50, 9000, 4500, 30, 6));
    assertThat(o.load().rate().value()).isCloseTo(2.0, within(1e-9));
    assertThat(o.load().input().mean()).isCloseTo(200, within(1e-9));
    assertThat(o.load().output().mean()).isCloseTo(100, within(1e-9));
    assertThat(o.ttft().orElseThrow().toNanos() / 1e9).isCloseTo(0.1, within(1e-9));
    assertThat(o.runningRequests()).isCloseTo(6, within(1e-9)); // gauges are read from the newer scrape
    assertThat(o.waitingRequests()).isCloseTo(2, within(1e-9));
    assertThat(o.kvCacheUsage()).isCloseTo(0.28, within(1e-9));
  }

  private static String tgi(double success, double input, double generated) {
    return """
        tgi_request_success %1$s
        tgi_request_input_length_sum %2$s
        tgi_request_generated_tokens_sum %3$s
        tgi_batch_current_size 3
        tgi_queue_size 0
        tgi_request_queue_duration_bucket{le="0.01"} %1$s
        tgi_request_queue_duration_bucket{le="+Inf"} %1$s
        tgi_request_queue_duration_sum 0.1
        tgi_request_queue_duration_count %1$s
        tgi_request_mean_time_per_token_duration_bucket{le="0.02"} %1$s
        tgi_request_mean_time_per_token_duration_bucket{le="+Inf"} %1$s
        tgi_request_mean_time_per_token_duration_sum 0.2
        tgi_request_mean_time_per_token_duration_count %1$s
        """.formatted(success, input, generated);
  }

  @Test
  void tgiNamesWithoutKvUsage() throws Exception {
    Observation o = twoScrapes(Engine.TGI, tgi(5, 500, 100), tgi(25, 4500, 2100));
    assertThat(o.load().rate().value()).isCloseTo(1.0, within(1e-9));
    assertThat(o.load().input().mean()).isCloseTo(200, within(1e-9));
    assertThat(o.load().output().mean()).isCloseTo(100, within(1e-9));
    assertThat(o.runningRequests()).isCloseTo(3, within(1e-9));
    assertThat(o.kvCacheUsage()).isZero(); // TGI exposes none
    assertThat(o.itl().orElseThrow().toNanos() / 1e9).isCloseTo(0.01, within(1e-9));
  }

  @Test
  void wrongEngineIsNoDataNamingTheMissingSeries() {
    MetricsUnavailableException e = org.assertj.core.api.Assertions.catchThrowableOfType(MetricsUnavailableException.class,
        () -> twoScrapes(Engine.VLLM, tgi(5, 500, 100), tgi(25, 4500, 2100)));
    assertThat(e.reason()).isEqualTo("NoData");
    assertThat(e.getMessage()).contains("vllm:request_success_total");
  }
}
