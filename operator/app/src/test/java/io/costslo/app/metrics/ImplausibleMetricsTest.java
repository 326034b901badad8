package io.costslo.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.costslo.app.demo.SharedClock;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.sim.endpoint.VllmMetricsEndpoint;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A pod whose page is a real simulated vLLM page, edited between two scrapes into something no
 * engine produces: the source refuses it as ImplausibleMetrics (the plan holds), as it would
 * missing data, instead of reading a p99 from the wrong bucket or 1e15 tokens as load.
 */
class ImplausibleMetricsTest {
  private static final MetricsQuery QUERY = new MetricsQuery("ns", "llm", Duration.ofSeconds(30), 0.99, Map.of());
  private static final String TTFT = "vllm:time_to_first_token_seconds";

  private final SharedClock clock = new SharedClock(Instant.parse("2026-11-24T12:00:00Z"));
  private VllmMetricsEndpoint engine;
  private HttpServer pod;
  private volatile UnaryOperator<String> edit = UnaryOperator.identity();

  @BeforeEach
  void start() throws Exception {
    engine = VllmMetricsEndpoint.start("llama", VllmMetricsEndpoint.Naming.values()[0], Clock.systemUTC());
    pod = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pod.createContext("/metrics", ex -> {
      byte[] body = edit.apply(engine.render()).getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    pod.start();
  }

  @AfterEach
  void stop() {
    pod.stop(0);
    engine.close();
  }

  private void traffic(int n) {
    for (int i = 0; i < n; i++) {
      engine.recordRequest(500, 100, Duration.ofMillis(i % 10 == 9 ? 400 : 40), Duration.ofMillis(20),
          Duration.ofSeconds(2));
    }
  }

  /** Replaces the value of the first sample line starting with {@code prefix}. */
  private static UnaryOperator<String> setValue(String prefix, String value) {
    return text -> {
      StringBuilder out = new StringBuilder();
      boolean done = false;
      for (String line : text.split("\n")) {
        if (!done && line.startsWith(prefix)) {
          String[] parts = line.split(" ");
          parts[1] = value;
          line = String.join(" ", parts);
          done = true;
        }
        out.append(line).append('\n');
      }
      assertThat(done).as("page has a line starting with " + prefix).isTrue();
      return out.toString();
    };
  }

  private static UnaryOperator<String> removeInfBucket(String histogram) {
    return text -> {
      List<String> kept = text.lines()
          .filter(l -> !(l.startsWith(histogram + "_bucket{") && l.contains("le=\"+Inf\""))).toList();
      assertThat(kept.size()).as("one line removed").isEqualTo(text.lines().count() - 1);
      return String.join("\n", kept) + "\n";
    };
  }

  static Stream<Arguments> edits() {
    return Stream.of(
        Arguments.of("buckets fall as le rises", setValue(TTFT + "_bucket{", "1000000"), "fall as le rises"),
        Arguments.of("+Inf differs from _count", setValue(TTFT + "_count{", "123456"), "differs from"),
        Arguments.of("no +Inf bucket", removeInfBucket(TTFT), "+Inf"),
        Arguments.of("1e15 generated tokens", setValue("vllm:generation_tokens_total{", "1e15"),
            "more than one replica can produce"));
  }

  private PodScrapeMetricsSource source(double maxTokens) {
    return new PodScrapeMetricsSource(() -> List.of("127.0.0.1:" + pod.getAddress().getPort()),
        new PodScrapeMetricsSource.Settings(io.costslo.app.metrics.Engine.VLLM, Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofSeconds(60), maxTokens), clock);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edits")
  void refusedAsImplausible(String name, UnaryOperator<String> change, String says) throws Exception {
    PodScrapeMetricsSource source = source(100_000);
    traffic(20);
    assertThat(reason(source)).isEqualTo("NoData"); // the baseline
    clock.advance(Duration.ofSeconds(10));
    traffic(50);
    edit = change;
    MetricsUnavailableException e = unavailable(source);
    assertThat(e.reason()).isEqualTo(MetricsReasons.IMPLAUSIBLE_METRICS);
    assertThat(e.getMessage()).contains(says);
  }

  @Test
  void theSamePageUneditedIsRead() throws Exception {
    PodScrapeMetricsSource source = source(100_000);
    traffic(20);
    assertThat(reason(source)).isEqualTo("NoData");
    clock.advance(Duration.ofSeconds(10));
    traffic(50);
    assertThat(source.observe(QUERY).load().rate().value()).isEqualTo(5.0);
  }

  private static String reason(PodScrapeMetricsSource s) {
    return unavailable(s).reason();
  }

  private static MetricsUnavailableException unavailable(PodScrapeMetricsSource s) {
    try {
      throw new AssertionError("expected MetricsUnavailableException, got " + s.observe(QUERY));
    } catch (MetricsUnavailableException e) {
      return e;
    }
  }
}
