package io.costslo.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import io.costslo.sim.endpoint.VllmMetricsEndpoint;
import io.costslo.sim.endpoint.VllmMetricsEndpoint.Naming;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (the Debian package's /usr/bin/prometheus) scraping two simulated vLLM pods on
 * 127.0.0.1 every second, read back through PrometheusMetricsSource. One pod exposes V1 names, the
 * other the older names, so the default queries' {@code or} combinations are exercised.
 *
 * <p>Tolerances, measured vs generated: request rate ±15% (rate() extrapolates over a 10 s window of
 * 1 s scrapes while load arrives in 20 ms ticks); token means ±1% (a ratio of two rates of counters
 * that move together); gauges ±1e-9 (constant); p99 TTFT ±0.01 s and p99 ITL ±0.005 s around the
 * histogram_quantile interpolation of the generated mix (0.475 s and 0.045 s), which must also lie
 * in the vLLM bucket holding the generated sample p99 (TTFT 0.3 s → (0.25, 0.5]; ITL 0.045 s →
 * (0.025, 0.05]).
 *
 * <p>Without the binary the test FAILS, saying how to install it, unless -Dcostslo.skipPrometheus=true.
 */
class PrometheusMetricsSourceITCase {
  /** Prometheus's log line once its listener is bound, with the port the kernel chose. */
  private static final Pattern LISTENING = Pattern.compile("msg=\"Listening on\" address=127\\.0\\.0\\.1:(\\d+)");
  private static final Path BINARY = Path.of(System.getProperty("costslo.prometheus.binary", "/usr/bin/prometheus"));
  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final MetricsQuery QUERY = new MetricsQuery("serving", "llama-8b", WINDOW, 0.99, Map.of());
  private static final double POD0_RPS = 10;
  private static final double POD1_RPS = 5;

  @Test
  void reportsWhatTheSimulatedPodsGenerateThroughARealPrometheus() throws Exception {
    if (!Files.isExecutable(BINARY)) {
      if (Boolean.getBoolean("costslo.skipPrometheus")) {
        Assumptions.abort("Prometheus binary " + BINARY + " absent and costslo.skipPrometheus=true");
      }
      fail("Prometheus binary " + BINARY + " not found: install it (apt-get update && apt-get install -y prometheus)"
          + " or point -Dcostslo.prometheus.binary at one; -Dcostslo.skipPrometheus=true skips this test");
    }
    Path dir = Files.createTempDirectory("costslo-prom-it");
    ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "it-load");
      t.setDaemon(true);
      return t;
    });
    Process prometheus = null;
    try (VllmMetricsEndpoint pod0 = VllmMetricsEndpoint.start("llama", Naming.V1, Clock.systemUTC());
        VllmMetricsEndpoint pod1 = VllmMetricsEndpoint.start("llama", Naming.LEGACY, Clock.systemUTC())) {
      pod0.setRunning(12);
      pod0.setWaiting(3);
      pod0.setKvUsage(0.5);
      pod1.setRunning(8);
      pod1.setWaiting(1);
      pod1.setKvUsage(0.3);
      startLoad(load, pod0, pod1);

      Files.writeString(dir.resolve("prometheus.yml"), """
          global:
            scrape_interval: 1s
            scrape_timeout: 1s
            evaluation_interval: 1s
          scrape_configs:
            - job_name: vllm
              static_configs:
                - targets: ['%s']
                  labels: {namespace: serving, pod: llama-8b-5d8f7-a}
                - targets: ['%s']
                  labels: {namespace: serving, pod: llama-8b-5d8f7-b}
          """.formatted(pod0.hostPort(), pod1.hostPort()));
      prometheus = new ProcessBuilder(BINARY.toString(),
          "--config.file=" + dir.resolve("prometheus.yml"),
          "--storage.tsdb.path=" + dir.resolve("data"),
          // Port 0: the kernel picks a free port (no race with other tests); the log says which.
          "--web.listen-address=127.0.0.1:0",
          "--log.level=info")
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("prometheus.log").toFile())
          .start();
      Process running = prometheus;
      Path log = dir.resolve("prometheus.log");
      AtomicInteger port = new AtomicInteger();
      await("prometheus to say where it listens").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> {
            assertThat(running.isAlive()).as("prometheus process, log: %s", log).isTrue();
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
              port.set(Integer.parseInt(m.group(1)));
            }
            return port.get() > 0;
          });
      URI base = URI.create("http://127.0.0.1:" + port.get());

      // Bounded wait until both pods have a full window of samples.
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(1)).build();
      await("10 s of samples from both pods").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(() -> {
            assertThat(running.isAlive()).as("prometheus process, log: %s", dir.resolve("prometheus.log")).isTrue();
            return instant(http, base,
                "count(count_over_time(vllm:num_requests_running{namespace=\"serving\"}[10s]) >= 10) == 2");
          });

      PrometheusMetricsSource source = new PrometheusMetricsSource(
          PrometheusMetricsSource.Settings.of(base, Engine.VLLM).withMaxSampleAge(Duration.ofSeconds(30)),
          Clock.systemUTC());
      Observation o = source.observe(QUERY);

      double rps = o.load().rate().value();
      System.out.printf("IT measured: rate %.3f req/s (generated %.1f), prompt mean %.2f (500), output mean %.2f"
              + " (101), p99 TTFT %s (generated sample p99 0.300 s, interpolated 0.475 s), p99 ITL %s (0.045 s),"
              + " running %.3f, waiting %.3f, kv %.4f%n", rps, POD0_RPS + POD1_RPS, o.load().input().mean(),
          o.load().output().mean(), o.ttft().orElse(null), o.itl().orElse(null), o.runningRequests(),
          o.waitingRequests(), o.kvCacheUsage());
      assertThat(rps).isCloseTo(POD0_RPS + POD1_RPS, within(0.15 * (POD0_RPS + POD1_RPS)));
      assertThat(o.load().input().mean()).isCloseTo(500, within(5.0));
      assertThat(o.load().output().mean()).isCloseTo(101, within(1.01));
      assertThat(o.runningRequests()).isCloseTo(20, within(1e-9));
      assertThat(o.waitingRequests()).isCloseTo(4, within(1e-9));
      assertThat(o.kvCacheUsage()).isCloseTo(0.4, within(1e-9));
      assertThat(o.readyPods()).isEqualTo(2);
      double ttft = o.ttft().orElseThrow().toNanos() / 1e9;
      assertThat(ttft).isCloseTo(0.475, within(0.01)).isBetween(0.25, 0.5);
      double itl = o.itl().orElseThrow().toNanos() / 1e9;
      assertThat(itl).isCloseTo(0.045, within(0.005)).isBetween(0.025, 0.05);
      assertThat(o.samples()).extracting(s -> s.pod()).containsExactly("llama-8b-5d8f7-a", "llama-8b-5d8f7-b");
      assertThat(o.samples().get(0).meanRunningBatch()).isCloseTo(12, within(1e-9));
      assertThat(o.samples().get(0).promptTokensPerSecond()).isCloseTo(POD0_RPS * 500, within(0.15 * POD0_RPS * 500));
      // Pod 0 mean ITL: 19 of 20 requests at 20 ms, 1 at 45 ms → 21.25 ms.
      assertThat(o.samples().get(0).meanItl().toNanos() / 1e9).isCloseTo(0.02125, within(0.001));
      // Attainment from the bucket rates: 100 ms is a TTFT edge holding the 90% at 30 ms; 50 ms an ITL
      // edge holding every gap. The pods expose no length histograms: the tail stays the mean.
      Observation measured = source.observe(QUERY.withObjectives(Duration.ofMillis(100), Duration.ofMillis(50)));
      System.out.printf("IT measured attainment %s (generated 0.9)%n", measured.attainment().orElse(null));
      assertThat(measured.attainment().orElseThrow()).isCloseTo(0.9, within(0.02));
      assertThat(measured.load().input().p99()).isEqualTo(measured.load().input().mean());

      // The pods stop answering: Prometheus marks their series stale and the source must hold.
      load.shutdownNow();
      pod0.close();
      pod1.close();
      await("source to refuse after the pods went away").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> {
            try {
              source.observe(QUERY);
              return false;
            } catch (MetricsUnavailableException e) {
              return e.reason().equals("NoData") || e.reason().equals("StaleMetrics");
            }
          });
    } finally {
      load.shutdownNow();
      if (prometheus != null) {
        prometheus.destroy();
        if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
          prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      deleteTree(dir);
    }
  }

  /** Records requests at a steady rate per pod; request i of a pod follows the mix described above. */
  private static void startLoad(ScheduledExecutorService exec, VllmMetricsEndpoint pod0, VllmMetricsEndpoint pod1) {
    long start = System.nanoTime();
    int[] done = new int[2];
    List<VllmMetricsEndpoint> pods = List.of(pod0, pod1);
    double[] rps = {POD0_RPS, POD1_RPS};
    exec.scheduleAtFixedRate(() -> {
      double elapsed = (System.nanoTime() - start) / 1e9;
      for (int p = 0; p < 2; p++) {
        int due = (int) Math.floor(elapsed * rps[p]);
        for (; done[p] < due; done[p]++) {
          int i = done[p];
          Duration ttft = i % 10 == 9 ? Duration.ofMillis(300) : Duration.ofMillis(30);
          Duration itl = i % 20 == 19 ? Duration.ofMillis(45) : Duration.ofMillis(20);
          pods.get(p).recordRequest(500, 101, ttft, itl, ttft.plus(itl.multipliedBy(100)));
        }
      }
    }, 0, 20, TimeUnit.MILLISECONDS);
  }

  private static boolean instant(HttpClient http, URI base, String promql) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 && r.body().contains("\"result\":[{");
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
