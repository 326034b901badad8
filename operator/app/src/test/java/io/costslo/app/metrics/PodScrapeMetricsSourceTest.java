package io.costslo.app.metrics;

import io.costslo.app.demo.SharedClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import io.costslo.core.metrics.Observation.CalibrationSample;
import io.costslo.sim.endpoint.VllmMetricsEndpoint;
import io.costslo.sim.endpoint.VllmMetricsEndpoint.Naming;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pod-scrape source against simulated vLLM pods with known generated values. The clock is moved by
 * hand, so windows are exact: rates, means and gauges must match to 1e-9 relative. Quantiles are
 * bucketed, so the test states two things: the exact value histogram_quantile interpolation gives
 * for the generated counts (to 1e-9), and that it lies in the vLLM bucket holding the generated
 * sample quantile (the tolerance a histogram can promise).
 */
class PodScrapeMetricsSourceTest {
  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
  private static final MetricsQuery QUERY = new MetricsQuery("ns", "llm", Duration.ofSeconds(30), 0.99, Map.of());

  private final List<VllmMetricsEndpoint> endpoints = new ArrayList<>();
  private final SharedClock clock = new SharedClock(Instant.parse("2026-11-24T12:00:00Z"));

  @AfterEach
  void closeEndpoints() {
    endpoints.forEach(VllmMetricsEndpoint::close);
  }

  private VllmMetricsEndpoint pod(Naming naming) throws Exception {
    return pod(naming, Clock.systemUTC());
  }

  private VllmMetricsEndpoint pod(Naming naming, Clock endpointClock) throws Exception {
    VllmMetricsEndpoint ep = VllmMetricsEndpoint.start("llama", naming, endpointClock);
    endpoints.add(ep);
    return ep;
  }

  private PodScrapeMetricsSource source(List<String> targets) {
    return new PodScrapeMetricsSource(() -> targets, PodScrapeMetricsSource.Settings.defaults(Engine.VLLM), clock);
  }

  /**
   * Request i: 500 prompt tokens, 101 output tokens (100 ITL observations); TTFT 30 ms except every
   * 10th at 300 ms; ITL 20 ms except every 20th request at 45 ms.
   */
  private static void generate(VllmMetricsEndpoint ep, int from, int to) {
    for (int i = from; i < to; i++) {
      Duration ttft = i % 10 == 9 ? Duration.ofMillis(300) : Duration.ofMillis(30);
      Duration itl = i % 20 == 19 ? Duration.ofMillis(45) : Duration.ofMillis(20);
      ep.recordRequest(500, 101, ttft, itl, ttft.plus(itl.multipliedBy(100)));
    }
  }

  private static MetricsUnavailableException unavailable(PodScrapeMetricsSource s) {
    try {
      Observation o = s.observe(QUERY);
      throw new AssertionError("expected MetricsUnavailableException, got " + o);
    } catch (MetricsUnavailableException e) {
      return e;
    }
  }

  @ParameterizedTest
  @EnumSource(Naming.class)
  void reportsWhatTheSimulatedPodsGenerated(Naming naming) throws Exception {
    VllmMetricsEndpoint a = pod(naming);
    VllmMetricsEndpoint b = pod(naming);
    generate(a, 0, 7); // history before the baseline must not count
    a.setRunning(12);
    a.setWaiting(3);
    a.setKvUsage(0.5);
    b.setRunning(8);
    b.setWaiting(1);
    b.setKvUsage(0.3);
    PodScrapeMetricsSource source = source(List.of(a.hostPort(), b.hostPort()));

    MetricsUnavailableException first = unavailable(source);
    assertThat(first.reason()).isEqualTo("NoData");
    assertThat(first.getMessage()).contains("rates need two scrapes");

    clock.advance(TEN_SECONDS);
    generate(a, 0, 60);
    generate(b, 60, 100);
    Observation o = source.observe(QUERY);

    assertThat(o.window()).isEqualTo(TEN_SECONDS);
    assertThat(o.readyPods()).isEqualTo(2);
    assertThat(o.load().rate().value()).isCloseTo(100 / 10.0, within(1e-9));
    assertThat(o.load().input().mean()).isCloseTo(500, within(1e-9));
    assertThat(o.load().output().mean()).isCloseTo(101, within(1e-9));
    assertThat(o.runningRequests()).isCloseTo(20, within(1e-9));
    assertThat(o.waitingRequests()).isCloseTo(4, within(1e-9));
    assertThat(o.kvCacheUsage()).isCloseTo(0.4, within(1e-9));
    assertThat(o.percentile()).isEqualTo(0.99);

    // TTFT: 90 requests at 30 ms (bucket 0.02..0.04], 10 at 300 ms (bucket 0.25..0.5]. Rank 99 is
    // 9/10 into the upper bucket: 0.25 + 0.25 * 0.9 = 0.475 s. Generated p99 is 0.300 s: same bucket.
    double ttft = o.ttft().orElseThrow().toNanos() / 1e9;
    assertThat(ttft).isCloseTo(0.475, within(1e-9)).isBetween(0.25, 0.5);
    // ITL: 9500 tokens at 20 ms (bucket 0.01..0.025], 500 at 45 ms (bucket 0.025..0.05]. Rank 9900
    // is 400/500 into the upper bucket: 0.025 + 0.025 * 0.8 = 0.045 s, equal to the generated p99.
    double itl = o.itl().orElseThrow().toNanos() / 1e9;
    assertThat(itl).isCloseTo(0.045, within(1e-9)).isBetween(0.025, 0.05);

    CalibrationSample podA = o.samples().stream().filter(s -> s.pod().equals(a.hostPort())).findFirst().orElseThrow();
    assertThat(podA.meanRunningBatch()).isCloseTo(12, within(1e-9));
    assertThat(podA.promptTokensPerSecond()).isCloseTo(60 * 500 / 10.0, within(1e-9));
    // Pod A's 60 requests: 3 slow-ITL ones (i = 19, 39, 59), 6 slow-TTFT ones.
    assertThat(podA.meanItl().toNanos() / 1e9).isCloseTo((57 * 0.020 + 3 * 0.045) / 60, within(1e-9));
    assertThat(podA.meanTtft().toNanos() / 1e9).isCloseTo((54 * 0.030 + 6 * 0.300) / 60, within(1e-9));
  }

  @Test
  void idleWindowHasNoLatencyButValidLoad() throws Exception {
    VllmMetricsEndpoint a = pod(Naming.V1);
    PodScrapeMetricsSource source = source(List.of(a.hostPort()));
    unavailable(source);
    clock.advance(TEN_SECONDS);

    Observation o = source.observe(QUERY);
    assertThat(o.load().rate().value()).isZero();
    assertThat(o.ttft()).isEmpty();
    assertThat(o.itl()).isEmpty();
    assertThat(o.samples().get(0).meanItl()).isEqualTo(Duration.ZERO);
  }

  @Test
  void podThatStopsAnsweringFailsTheCycle() throws Exception {
    VllmMetricsEndpoint a = pod(Naming.V1);
    VllmMetricsEndpoint b = pod(Naming.V1);
    PodScrapeMetricsSource source = source(List.of(a.hostPort(), b.hostPort()));
    unavailable(source);
    clock.advance(TEN_SECONDS);
    b.close();

    MetricsUnavailableException e = unavailable(source);
    assertThat(e.reason()).isEqualTo("PodScrapeFailed");
    assertThat(e.getMessage()).contains(b.hostPort()).contains("did not answer").contains("ns/llm");
  }

  @Test
  void wrongPathIsAScrapeFailure() throws Exception {
    VllmMetricsEndpoint a = pod(Naming.V1);
    String wrong = "http://" + a.hostPort() + "/not-metrics";
    MetricsUnavailableException e = unavailable(source(List.of(wrong)));
    assertThat(e.reason()).isEqualTo("PodScrapeFailed");
    assertThat(e.getMessage()).contains("HTTP 404");
  }

  @Test
  void counterResetHoldsOneCycleThenRecovers() throws Exception {
    VllmMetricsEndpoint a = pod(Naming.V1);
    generate(a, 0, 50);
    PodScrapeMetricsSource source = source(List.of(a.hostPort()));
    unavailable(source);

    clock.advance(TEN_SECONDS);
    a.restart(); // the pod's process restarted: counters start again from zero
    generate(a, 0, 5);
    MetricsUnavailableException e = unavailable(source);
    assertThat(e.reason()).isEqualTo("CounterReset");
    assertThat(e.getMessage()).contains(a.hostPort()).contains("went down");

    clock.advance(TEN_SECONDS);
    generate(a, 0, 20);
    Observation o = source.observe(QUERY);
    assertThat(o.load().rate().value()).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void aPodThatWasAlreadyRunningHoldsOneCycle() throws Exception {
    VllmMetricsEndpoint a = pod(Naming.V1, clock);
    VllmMetricsEndpoint b = pod(Naming.V1, clock); // created before the first round: its history is unknown
    List<String> targets = new CopyOnWriteArrayList<>(List.of(a.hostPort()));
    PodScrapeMetricsSource source = new PodScrapeMetricsSource(() -> targets,
        PodScrapeMetricsSource.Settings.defaults(Engine.VLLM), clock);
    unavailable(source);
    clock.advance(TEN_SECONDS);
    targets.add(b.hostPort());

    MetricsUnavailableException e = unavailable(source);
    assertThat(e.reason()).isEqualTo("NoData");
    assertThat(e.getMessage()).contains(b.hostPort());
    clock.advance(TEN_SECONDS);
    assertThat(source.observe(QUERY).readyPods()).isEqualTo(2);
  }

  @Test
  void aPodCreatedSinceTheLastRoundCountsFromZero() throws Exception {
    VllmMetricsEndpoint a = pod(Naming.V1, clock);
    List<String> targets = new CopyOnWriteArrayList<>(List.of(a.hostPort()));
    PodScrapeMetricsSource source = new PodScrapeMetricsSource(() -> targets,
        PodScrapeMetricsSource.Settings.defaults(Engine.VLLM), clock);
    unavailable(source);
    clock.advance(Duration.ofSeconds(4));
    VllmMetricsEndpoint b = pod(Naming.V1, clock); // a replica that joined after the baseline round
    targets.add(b.hostPort());
    clock.advance(Duration.ofSeconds(6));
    generate(a, 0, 60);
    generate(b, 0, 40);

    Observation o = source.observe(QUERY);
    assertThat(o.readyPods()).isEqualTo(2);
    // 100 requests over the 10 s since the last round, both pods counted.
    assertThat(o.load().rate().value()).isCloseTo(10.0, within(1e-9));
    assertThat(o.load().input().mean()).isCloseTo(500.0, within(1e-9));
  }


  @Test
  void noReadyPodsIsNoData() {
    assertThat(unavailable(source(List.of())).reason()).isEqualTo("NoData");
  }

  @Test
  void notANumberAndContradictionsAreRefused() throws Exception {
    VllmMetricsEndpoint a = pod(Naming.V1);
    PodScrapeMetricsSource source = source(List.of(a.hostPort()));
    unavailable(source);

    record Case(Runnable corrupt, String reason, String mentions) {}
    List<Case> cases = List.of(
        new Case(() -> a.setKvUsage(Double.NaN), "NotANumber", "KV-cache usage is NaN"),
        new Case(() -> a.setKvUsage(1.7), "ContradictoryMetrics", "above 1"),
        new Case(() -> a.setRunning(-2), "ContradictoryMetrics", "running requests is negative"),
        new Case(() -> a.setWaiting(Double.POSITIVE_INFINITY), "NotANumber", "waiting requests is infinite"));
    for (Case c : cases) {
      a.setKvUsage(0.2);
      a.setRunning(1);
      a.setWaiting(0);
      clock.advance(TEN_SECONDS);
      try {
        source.observe(QUERY); // flushes the previous case's bad scrape out of the baseline
      } catch (MetricsUnavailableException expectedAfterBadBaseline) {
        // gauges are the mean of two scrapes, so the first clean one still averages in the bad one
      }
      clock.advance(TEN_SECONDS);
      assertThat(source.observe(QUERY).kvCacheUsage()).isCloseTo(0.2, within(1e-12));

      c.corrupt().run();
      clock.advance(TEN_SECONDS);
      MetricsUnavailableException e = unavailable(source);
      assertThat(e.reason()).as(c.mentions()).isEqualTo(c.reason());
      assertThat(e.getMessage()).contains(c.mentions()).contains("ns/llm");
    }
  }

  @Test
  void staleTimestampsAreRefused() throws Exception {
    VllmMetricsEndpoint a = pod(Naming.V1);
    PodScrapeMetricsSource source = source(List.of(a.hostPort()));
    unavailable(source);
    clock.advance(TEN_SECONDS);
    // The exporter stamps its samples five minutes back: a frozen exporter serving old data.
    a.setSampleTimestamp(java.util.Optional.of(clock.instant().minus(Duration.ofMinutes(5))));

    MetricsUnavailableException e = unavailable(source);
    assertThat(e.reason()).isEqualTo("StaleMetrics");
    assertThat(e.getMessage()).contains("300s old").contains(a.hostPort());
  }
}
