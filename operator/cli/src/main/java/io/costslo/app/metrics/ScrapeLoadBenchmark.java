package io.costslo.app.metrics;

import com.sun.net.httpserver.HttpServer;
import io.costslo.app.demo.SharedClock;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.sim.endpoint.VllmMetricsEndpoint;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads and heap of many pod-scrape metrics sources on one operator (one per policy, one pod
 * each), scraping loopback fake vLLM pods through the shared {@link MetricsHttp} client, driven by
 * a fixed pool standing in for the reconciler threads. The claim it checks: the thread count does
 * not grow with the number of policies. A Markdown section for docs/benchmarks.md.
 */
public final class ScrapeLoadBenchmark {
  private static final int RECONCILER_THREADS = 4;
  private static final MetricsQuery QUERY = new MetricsQuery("bench", "llm", Duration.ofSeconds(30), 0.99, Map.of());

  private ScrapeLoadBenchmark() {}

  /** One measured size. */
  record Row(int policies, int threadsBefore, int peakThreads, double heapMb, double firstRoundSeconds,
      double secondRoundSeconds, Map<String, Integer> outcomes) {}

  public static void main(String[] args) throws Exception {
    System.out.print(markdownSection(1_000, 5_000));
  }

  public static String markdownSection(int... sizes) throws IOException, InterruptedException {
    // The fake pods answer without Nagle's delay, so round times measure the operator, not 40 ms
    // delayed ACKs; read when the JVM's first HttpServer starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    VllmMetricsEndpoint engine = VllmMetricsEndpoint.start("llama", VllmMetricsEndpoint.Naming.values()[0],
        Clock.systemUTC());
    for (int i = 0; i < 200; i++) {
      engine.recordRequest(500, 100, Duration.ofMillis(40), Duration.ofMillis(20), Duration.ofSeconds(2));
    }
    byte[] page = engine.render().getBytes(StandardCharsets.UTF_8);
    engine.close();
    HttpServer pods = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    pods.createContext("/", ex -> {
      ex.sendResponseHeaders(200, page.length);
      ex.getResponseBody().write(page);
      ex.close();
    });
    ExecutorService podThreads = Executors.newFixedThreadPool(4);
    pods.setExecutor(podThreads);
    pods.start();
    List<Row> rows = new ArrayList<>();
    try {
      for (int n : sizes) {
        rows.add(measure(n, pods.getAddress().getPort()));
      }
    } finally {
      pods.stop(0);
      podThreads.shutdownNow();
    }
    return markdown(rows, page.length);
  }

  private static Row measure(int n, int port) throws InterruptedException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double heapBefore = usedHeapMb();
    int before = threads.getThreadCount();
    threads.resetPeakThreadCount();
    MetricsHttp http = new MetricsHttp(Duration.ofSeconds(2), MetricsHttp.DEFAULT_MAX_BODY_BYTES);
    SharedClock clock = new SharedClock(Instant.parse("2026-11-24T12:00:00Z"));
    List<PodScrapeMetricsSource> sources = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> pod = List.of("http://127.0.0.1:" + port + "/pod-" + i + "/metrics");
      sources.add(new PodScrapeMetricsSource(() -> pod, PodScrapeMetricsSource.Settings.defaults(Engine.VLLM),
          clock, http));
    }
    ExecutorService reconcilers = Executors.newFixedThreadPool(RECONCILER_THREADS);
    Map<String, Integer> outcomes = new TreeMap<>();
    double first = round(sources, reconcilers, new TreeMap<>());
    clock.advance(Duration.ofSeconds(10));
    double second = round(sources, reconcilers, outcomes);
    int peak = threads.getPeakThreadCount();
    double heap = usedHeapMb() - heapBefore;
    // The sources (and their scrape histories) were alive while the heap was measured.
    Row row = new Row(sources.size(), before, peak, heap, first, second, outcomes);
    reconcilers.shutdown();
    http.close();
    return row;
  }

  private static double round(List<PodScrapeMetricsSource> sources, ExecutorService reconcilers,
      Map<String, Integer> outcomes) throws InterruptedException {
    long t0 = System.nanoTime();
    AtomicInteger ok = new AtomicInteger();
    List<Future<String>> results = new ArrayList<>();
    for (PodScrapeMetricsSource s : sources) {
      results.add(reconcilers.submit(() -> {
        try {
          s.observe(QUERY);
          ok.incrementAndGet();
          return "observed";
        } catch (MetricsUnavailableException e) {
          return e.reason();
        }
      }));
    }
    for (Future<String> f : results) {
      try {
        outcomes.merge(f.get(), 1, Integer::sum);
      } catch (java.util.concurrent.ExecutionException e) {
        outcomes.merge(e.getCause().getClass().getSimpleName(), 1, Integer::sum);
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double usedHeapMb() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    Runtime r = Runtime.getRuntime();
    return (r.totalMemory() - r.freeMemory()) / 1e6;
  }

  static String markdown(List<Row> rows, int pageBytes) {
    StringBuilder md = new StringBuilder();
    md.append("## Pod-scrape load: threads and heap per number of policies\n\n");
    md.append(String.format(Locale.ROOT, "Each policy has its own pod-scrape metrics source reading one loopback fake"
        + " vLLM pod (a %,d-byte page) through the operator's one shared HTTP client (`MetricsHttp`: one selector"
        + " thread, %d executor threads), driven by %d threads standing in for the reconciler pool. Two rounds: the"
        + " first records baselines, the second computes rates. Heap is after GC with all sources and their scrape"
        + " histories alive, above the JVM's heap before they were made. `io.costslo.app.metrics.ScrapeLoadBenchmark`."
        + "%n%n", pageBytes, MetricsHttp.THREADS, RECONCILER_THREADS));
    md.append("| policies | JVM threads before | peak JVM threads | heap (MB) | round 1 (s) | round 2 (s) | round 2 outcomes |\n");
    md.append("|---:|---:|---:|---:|---:|---:|---|\n");
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %,d | %d | %d | %.1f | %.2f | %.2f | %s |%n", r.policies(),
          r.threadsBefore(), r.peakThreads(), r.heapMb(), r.firstRoundSeconds(), r.secondRoundSeconds(), r.outcomes()));
    }
    md.append('\n');
    return md.toString();
  }
}
