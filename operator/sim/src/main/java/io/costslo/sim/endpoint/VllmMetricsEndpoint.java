package io.costslo.sim.endpoint;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for one vLLM pod's {@code /metrics}: counters, gauges and histograms in the Prometheus
 * text format, with vLLM's names and bucket boundaries, from state a test or demo sets. Binds to
 * 127.0.0.1 on a free port. All methods are thread-safe (one lock guards the state and rendering, so
 * a scrape always sees a consistent snapshot).
 */
public final class VllmMetricsEndpoint implements AutoCloseable {

  /** Which generation of vLLM metric names to expose. */
  public enum Naming {
    /** vLLM V1 engine: inter_token_latency_seconds, kv_cache_usage_perc, engine label. */
    V1,
    /** Older engine: time_per_output_token_seconds, gpu_cache_usage_perc. */
    LEGACY
  }

  // Bucket upper bounds as vLLM declares them (excluding +Inf, which every histogram gets).
  static final double[] TTFT_BUCKETS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5,
      5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
  static final double[] ITL_BUCKETS = {0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0,
      7.5, 10.0, 20.0, 40.0, 80.0};
  static final double[] E2E_BUCKETS = {0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0,
      60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};

  private final HttpServer server;
  private final ExecutorService executor;
  private final String modelName;
  private final Naming naming;
  private final Clock clock;

  // Guarded by this.
  private double createdSeconds;
  private double promptTokens;
  private double generationTokens;
  private double requestSuccess;
  private final Histogram ttft = new Histogram(TTFT_BUCKETS);
  private final Histogram itl = new Histogram(ITL_BUCKETS);
  private final Histogram e2e = new Histogram(E2E_BUCKETS);
  private double running;
  private double waiting;
  private double kvUsage;
  private Optional<Instant> sampleTimestamp = Optional.empty();
  private long scrapes;

  private VllmMetricsEndpoint(InetSocketAddress address, String modelName, Naming naming, Clock clock)
      throws IOException {
    this.modelName = modelName;
    this.naming = naming;
    this.clock = clock;
    this.createdSeconds = clock.millis() / 1000.0;
    if (!address.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("simulated model servers listen on loopback only, not " + address);
    }
    this.server = HttpServer.create(address, 16);
    this.executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "vllm-metrics-endpoint");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/metrics", this::serve);
    server.start();
  }

  /** Starts an endpoint with V1 names on 127.0.0.1:(free port). */
  public static VllmMetricsEndpoint start(String modelName) throws IOException {
    return start(modelName, Naming.V1, Clock.systemUTC());
  }

  public static VllmMetricsEndpoint start(String modelName, Naming naming, Clock clock) throws IOException {
    return new VllmMetricsEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), modelName, naming, clock);
  }

  /**
   * Starts an endpoint on a given loopback address, e.g. 127.0.0.12:8000, so that simulated pods can
   * each have their own IP and the policy's metrics port.
   */
  public static VllmMetricsEndpoint start(InetSocketAddress address, String modelName, Naming naming, Clock clock)
      throws IOException {
    return new VllmMetricsEndpoint(address, modelName, naming, clock);
  }

  /** {@code host:port}, as a pod endpoint would be given. */
  public String hostPort() {
    return server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
  }

  public URI metricsUri() {
    return URI.create("http://" + hostPort() + "/metrics");
  }

  /**
   * Records one finished request: its token counts, its TTFT, its inter-token latency (observed once
   * per token after the first, as vLLM does) and its end-to-end latency.
   */
  public synchronized void recordRequest(int promptTokenCount, int outputTokenCount, Duration timeToFirstToken,
      Duration interTokenLatency, Duration endToEnd) {
    if (promptTokenCount < 0 || outputTokenCount < 1) {
      throw new IllegalArgumentException("a finished request has >= 0 prompt and >= 1 output tokens");
    }
    promptTokens += promptTokenCount;
    generationTokens += outputTokenCount;
    requestSuccess += 1;
    ttft.observe(seconds(timeToFirstToken), 1);
    if (outputTokenCount > 1) {
      itl.observe(seconds(interTokenLatency), outputTokenCount - 1);
    }
    e2e.observe(seconds(endToEnd), 1);
  }

  /** Running batch size. Any value, including nonsense, so tests can feed contradictions. */
  public synchronized void setRunning(double value) {
    running = value;
  }

  public synchronized void setWaiting(double value) {
    waiting = value;
  }

  /** KV-cache usage as vLLM reports it: a fraction 0..1 despite the "perc" in its name. */
  public synchronized void setKvUsage(double value) {
    kvUsage = value;
  }

  /** Appends this explicit timestamp to every sample (empty: none, the usual case). */
  public synchronized void setSampleTimestamp(Optional<Instant> timestamp) {
    sampleTimestamp = timestamp;
  }

  /** Zeroes counters and histograms, as a restarted vLLM process would. Gauges are kept. */
  public synchronized void restart() {
    promptTokens = 0;
    generationTokens = 0;
    requestSuccess = 0;
    ttft.reset();
    itl.reset();
    e2e.reset();
    createdSeconds = clock.millis() / 1000.0;
  }

  /** How many times /metrics was served. */
  public synchronized long scrapes() {
    return scrapes;
  }

  /** Stops answering: later connections are refused. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** The exposition text as a scrape would see it now. */
  public synchronized String render() {
    StringBuilder out = new StringBuilder(16 * 1024);
    String labels = naming == Naming.V1
        ? "engine=\"0\",model_name=\"" + escape(modelName) + "\""
        : "model_name=\"" + escape(modelName) + "\"";
    String ts = sampleTimestamp.map(t -> " " + t.toEpochMilli()).orElse("");

    gauge(out, "vllm:num_requests_running", "Number of requests in model execution batches.", labels, running, ts);
    gauge(out, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", labels, waiting, ts);
    if (naming == Naming.V1) {
      gauge(out, "vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", labels, kvUsage, ts);
    } else {
      gauge(out, "vllm:gpu_cache_usage_perc", "GPU KV-cache usage. 1 means 100 percent usage.", labels, kvUsage, ts);
    }
    counter(out, "vllm:prompt_tokens", "Number of prefill tokens processed.", labels, promptTokens, ts);
    counter(out, "vllm:generation_tokens", "Number of generation tokens processed.", labels, generationTokens, ts);
    counter(out, "vllm:request_success", "Count of successfully processed requests.",
        labels + ",finished_reason=\"stop\"", requestSuccess, ts);
    histogram(out, "vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.", labels, ttft, ts);
    histogram(out, naming == Naming.V1 ? "vllm:inter_token_latency_seconds" : "vllm:time_per_output_token_seconds",
        "Histogram of inter-token latency in seconds.", labels, itl, ts);
    histogram(out, "vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.", labels, e2e, ts);
    return out.toString();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body;
      synchronized (this) {
        scrapes++;
        body = render().getBytes(StandardCharsets.UTF_8);
      }
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(body);
      }
    }
  }

  private static void gauge(StringBuilder out, String name, String help, String labels, double v, String ts) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    out.append(name).append('{').append(labels).append("} ").append(format(v)).append(ts).append('\n');
  }

  private void counter(StringBuilder out, String base, String help, String labels, double v, String ts) {
    out.append("# HELP ").append(base).append("_total ").append(help).append('\n');
    out.append("# TYPE ").append(base).append("_total counter\n");
    out.append(base).append("_total{").append(labels).append("} ").append(format(v)).append(ts).append('\n');
    out.append(base).append("_created{").append(labels).append("} ").append(format(createdSeconds)).append(ts)
        .append('\n');
  }

  private void histogram(StringBuilder out, String name, String help, String labels, Histogram h, String ts) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" histogram\n");
    long cumulative = 0;
    for (int i = 0; i < h.bounds.length; i++) {
      cumulative += h.counts[i];
      out.append(name).append("_bucket{").append(labels).append(",le=\"").append(format(h.bounds[i])).append("\"} ")
          .append(format(cumulative)).append(ts).append('\n');
    }
    cumulative += h.counts[h.bounds.length];
    out.append(name).append("_bucket{").append(labels).append(",le=\"+Inf\"} ").append(format(cumulative)).append(ts)
        .append('\n');
    out.append(name).append("_count{").append(labels).append("} ").append(format(cumulative)).append(ts).append('\n');
    out.append(name).append("_sum{").append(labels).append("} ").append(format(h.sum)).append(ts).append('\n');
    out.append(name).append("_created{").append(labels).append("} ").append(format(createdSeconds)).append(ts)
        .append('\n');
  }

  static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(v);
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }

  /** Bucket upper bounds of this histogram (for tests that need to reason about interpolation). */
  public static List<Double> ttftBuckets() {
    return java.util.Arrays.stream(TTFT_BUCKETS).boxed().toList();
  }

  public static List<Double> itlBuckets() {
    return java.util.Arrays.stream(ITL_BUCKETS).boxed().toList();
  }

  /** Non-cumulative counts per bucket; the last slot is the +Inf overflow. */
  private static final class Histogram {
    final double[] bounds;
    final long[] counts;
    double sum;

    Histogram(double[] bounds) {
      this.bounds = bounds;
      this.counts = new long[bounds.length + 1];
    }

    void observe(double value, long times) {
      int i = 0;
      while (i < bounds.length && value > bounds[i]) {
        i++;
      }
      counts[i] += times;
      sum += value * times;
    }

    void reset() {
      java.util.Arrays.fill(counts, 0);
      sum = 0;
    }
  }
}
