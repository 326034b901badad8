package io.costslo.app.metrics;

import static io.costslo.app.metrics.MetricsReasons.NOT_A_NUMBER;
import static io.costslo.app.metrics.MetricsReasons.NO_DATA;
import static io.costslo.app.metrics.MetricsReasons.PROMETHEUS_QUERY_FAILED;
import static io.costslo.app.metrics.MetricsReasons.PROMETHEUS_UNREACHABLE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costslo.api.v1alpha1.SafeText;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import io.costslo.core.metrics.Observation.CalibrationSample;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Reads the figures from Prometheus's HTTP API ({@code /api/v1/query}, instant queries). Each
 * figure is a PromQL template from the engine's defaults, overridable by name through
 * {@link MetricsQuery#overrides()}; see {@link QueryNames} for names and placeholders.
 *
 * <p>Fail static: unreachable Prometheus → PrometheusUnreachable; error answers → PrometheusQueryFailed;
 * a figure with no series → NoData; then {@link ObservationValidator} checks staleness (via the
 * newest sample's own timestamp, not the query time), NaN and contradictions. A latency quantile
 * that is NaN while requests finished is NotANumber; NaN with no finished request means "no latency
 * this window" (empty). Thread-safe; one instance can serve many policies.
 */
public final class PrometheusMetricsSource implements MetricsSource {

  /**
   * @param baseUrl Prometheus root, e.g. http://prometheus.monitoring:9090 (a path prefix is kept)
   * @param engine default queries to use
   * @param selectorTemplate label matchers without braces; may use {namespace}, {deployment},
   *     {deploymentRegex}
   * @param bearerToken sent as {@code Authorization: Bearer}; the caller reads it from a Secret
   * @param caCertificatePem trust only these CA certificates (PEM); empty: the JDK's default trust
   * @param connectTimeout TCP/TLS connect limit
   * @param requestTimeout limit per query
   * @param maxSampleAge oldest the newest sample may be
   */
  public record Settings(
      URI baseUrl,
      Engine engine,
      String selectorTemplate,
      Optional<String> bearerToken,
      Optional<String> caCertificatePem,
      Duration connectTimeout,
      Duration requestTimeout,
      Duration maxSampleAge) {

    /** Pods of a Deployment are named {@code <deployment>-<hash>-<suffix>}. */
    public static final String DEFAULT_SELECTOR = "namespace=\"{namespace}\",pod=~\"{deploymentRegex}-.*\"";

    public static Settings of(URI baseUrl, Engine engine) {
      return new Settings(baseUrl, engine, DEFAULT_SELECTOR, Optional.empty(), Optional.empty(),
          Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(120));
    }

    public Settings withSelectorTemplate(String template) {
      return new Settings(baseUrl, engine, template, bearerToken, caCertificatePem, connectTimeout, requestTimeout,
          maxSampleAge);
    }

    public Settings withBearerToken(String token) {
      return new Settings(baseUrl, engine, selectorTemplate, Optional.of(token), caCertificatePem, connectTimeout,
          requestTimeout, maxSampleAge);
    }

    public Settings withCaCertificatePem(String pem) {
      return new Settings(baseUrl, engine, selectorTemplate, bearerToken, Optional.of(pem), connectTimeout,
          requestTimeout, maxSampleAge);
    }

    public Settings withTimeouts(Duration connect, Duration request) {
      return new Settings(baseUrl, engine, selectorTemplate, bearerToken, caCertificatePem, connect, request,
          maxSampleAge);
    }

    public Settings withMaxSampleAge(Duration age) {
      return new Settings(baseUrl, engine, selectorTemplate, bearerToken, caCertificatePem, connectTimeout,
          requestTimeout, age);
    }

    @Override
    public String toString() {
      // Never print the token.
      return "Settings[baseUrl=" + baseUrl + ", engine=" + engine + ", selector=" + selectorTemplate + ", token="
          + (bearerToken.isPresent() ? "***" : "none") + ", ca=" + (caCertificatePem.isPresent() ? "pem" : "jdk")
          + "]";
    }
  }

  /** One series of an instant-vector answer. */
  record Series(Map<String, String> labels, double value) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Settings settings;
  private final Clock clock;
  private final HttpClient client;
  private final MetricsHttp http;
  private final ObservationValidator validator;

  public PrometheusMetricsSource(Settings settings, Clock clock) {
    this(settings, clock, MetricsHttp.shared());
  }

  /** @param http the shared client (one per CA) and body limit */
  public PrometheusMetricsSource(Settings settings, Clock clock, MetricsHttp http) {
    this(settings, clock, http, PodScrapeMetricsSource.Settings.ANY_REPLICA_MAX_TOKENS_PER_SECOND);
  }

  /** @param maxOutputTokensPerPodSecond most output tokens one replica can produce (see ObservationValidator) */
  public PrometheusMetricsSource(Settings settings, Clock clock, MetricsHttp http, double maxOutputTokensPerPodSecond) {
    this.settings = settings;
    this.clock = clock;
    this.http = http;
    this.client = settings.caCertificatePem().map(http::trusting).orElseGet(http::client);
    this.validator = new ObservationValidator(settings.maxSampleAge(), maxOutputTokensPerPodSecond);
  }

  /** An SSLContext that trusts exactly the CA certificates in {@code pem}. */
  static SSLContext trusting(String pem) {
    try {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      if (certs.isEmpty()) {
        throw new IllegalArgumentException("CA PEM holds no certificate");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("CA PEM is not usable: " + e.getMessage(), e);
    }
  }

  /** The PromQL this source sends for figure {@code name}, or empty when the engine has none. */
  public Optional<String> promql(String name, MetricsQuery query) {
    String template = query.overrides().getOrDefault(name, settings.engine().defaultQueries().get(name));
    if (template == null) {
      return Optional.empty();
    }
    String selector = "{" + substitute(settings.selectorTemplate(), query) + "}";
    return Optional.of(substitute(template, query)
        .replace("{selector}", selector)
        .replace("{window}", Math.max(1, query.window().toSeconds()) + "s")
        .replace("{quantile}", String.format(Locale.ROOT, "%s", query.percentile())));
  }

  private static String substitute(String template, MetricsQuery query) {
    return template.replace("{namespace}", promString(query.namespace()))
        .replace("{deploymentRegex}", promString(query.deployment().replace(".", "\\.")))
        .replace("{deployment}", promString(query.deployment()));
  }

  /** Escapes a value for a PromQL double-quoted string. */
  private static String promString(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public Observation observe(MetricsQuery query) throws MetricsUnavailableException {
    String where = "Prometheus " + settings.baseUrl() + ", " + query.namespace() + "/" + query.deployment();
    List<String> names = List.of(QueryNames.REQUEST_RATE, QueryNames.PROMPT_TOKEN_RATE, QueryNames.OUTPUT_TOKEN_RATE,
        QueryNames.TTFT, QueryNames.ITL, QueryNames.RUNNING, QueryNames.WAITING, QueryNames.KV_CACHE_USAGE,
        QueryNames.READY_PODS, QueryNames.NEWEST_SAMPLE, QueryNames.POD_RUNNING, QueryNames.POD_PROMPT_TOKEN_RATE,
        QueryNames.POD_ITL_MEAN, QueryNames.POD_TTFT_MEAN);
    Map<String, String> promql = new LinkedHashMap<>();
    Map<String, CompletableFuture<HttpResponse<String>>> inFlight = new LinkedHashMap<>();
    for (String name : names) {
      Optional<String> q = promql(name, query);
      if (q.isPresent()) {
        promql.put(name, q.get());
        inFlight.put(name, client.sendAsync(request(q.get()), http.boundedText()));
      }
    }
    Map<String, List<Series>> results = new HashMap<>();
    long deadline = System.nanoTime() + settings.connectTimeout().plus(settings.requestTimeout()).toNanos();
    try {
      for (Map.Entry<String, CompletableFuture<HttpResponse<String>>> e : inFlight.entrySet()) {
        results.put(e.getKey(), parse(e.getKey(), promql.get(e.getKey()), await(e.getValue(), deadline, where), where));
      }
    } finally {
      inFlight.values().forEach(f -> f.cancel(true));
    }

    double requestRate = single(QueryNames.REQUEST_RATE, results, promql, where);
    double outputRate = single(QueryNames.OUTPUT_TOKEN_RATE, results, promql, where);
    double newestEpochSeconds = single(QueryNames.NEWEST_SAMPLE, results, promql, where);
    ObservationValidator.finite("newest sample time", newestEpochSeconds, where);
    MetricFigures figures = new MetricFigures(
        where,
        Instant.ofEpochMilli(Math.round(newestEpochSeconds * 1000)),
        query.window(),
        requestRate,
        single(QueryNames.PROMPT_TOKEN_RATE, results, promql, where),
        outputRate,
        quantile(QueryNames.TTFT, requestRate, results, promql, where),
        quantile(QueryNames.ITL, outputRate, results, promql, where),
        query.percentile(),
        single(QueryNames.RUNNING, results, promql, where),
        single(QueryNames.WAITING, results, promql, where),
        // An engine with no KV-usage metric (TGI) reports 0 unless the query is overridden.
        results.containsKey(QueryNames.KV_CACHE_USAGE) ? single(QueryNames.KV_CACHE_USAGE, results, promql, where) : 0.0,
        (int) Math.round(ObservationValidator.nonNegative("ready pods",
            single(QueryNames.READY_PODS, results, promql, where), where)),
        calibrationSamples(results));
    return validator.validate(figures, clock.instant());
  }

  /**
   * The query URI from the parsed base (scheme, authority and path only: the base was checked to
   * carry no user info, query or fragment) and the encoded PromQL.
   */
  static URI queryUri(URI base, String promql) {
    String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path + "/api/v1/query?query="
        + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  private HttpRequest request(String promql) {
    HttpRequest.Builder b = HttpRequest.newBuilder(queryUri(settings.baseUrl(), promql))
        .timeout(settings.requestTimeout())
        .header("Accept", "application/json")
        .GET();
    settings.bearerToken().ifPresent(t -> b.header("Authorization", "Bearer " + t));
    return b.build();
  }

  private HttpResponse<String> await(CompletableFuture<HttpResponse<String>> f, long deadline, String where)
      throws MetricsUnavailableException {
    try {
      return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof MetricsHttp.BodyTooLargeException || cause.getCause() instanceof MetricsHttp.BodyTooLargeException) {
        throw new MetricsUnavailableException(PROMETHEUS_QUERY_FAILED, "Prometheus answered more than "
            + http.maxBodyBytes() + " bytes; narrow the query (" + where + ")");
      }
      throw new MetricsUnavailableException(PROMETHEUS_UNREACHABLE, "cannot reach Prometheus: "
          + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + SafeText.capped(cause.getMessage(), 160))
          + " (" + where + ")", cause);
    } catch (TimeoutException e) {
      throw new MetricsUnavailableException(PROMETHEUS_UNREACHABLE,
          "Prometheus did not answer within " + settings.requestTimeout().toMillis() + " ms (" + where + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MetricsUnavailableException(PROMETHEUS_UNREACHABLE, "interrupted (" + where + ")", e);
    }
  }

  /** Parses an instant-query answer into series; vector and scalar results are accepted. */
  static List<Series> parse(String name, String promql, HttpResponse<String> response, String where)
      throws MetricsUnavailableException {
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      throw new MetricsUnavailableException(PROMETHEUS_QUERY_FAILED,
          "Prometheus refused the query with HTTP " + status + " (check the bearer token) (" + where + ")");
    }
    if (status == 502 || status == 503 || status == 504) {
      throw new MetricsUnavailableException(PROMETHEUS_UNREACHABLE,
          "Prometheus answered HTTP " + status + " (" + where + ")");
    }
    JsonNode root;
    try {
      root = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new MetricsUnavailableException(PROMETHEUS_QUERY_FAILED,
          "HTTP " + status + " with a body that is not JSON for " + name + " (" + where + ")");
    }
    if (root == null || !"success".equals(root.path("status").asText())) {
      // The answer's own error text is not repeated: whatever a server sends must not reach status.
      String type = root == null ? "" : root.path("errorType").asText("");
      String kind = type.matches("[a-z_]{1,32}") ? " (" + type + ")" : "";
      throw new MetricsUnavailableException(PROMETHEUS_QUERY_FAILED, "query " + name + " failed with HTTP " + status
          + kind + " [" + SafeText.capped(promql, 300) + "] (" + where + ")");
    }
    JsonNode data = root.path("data");
    String type = data.path("resultType").asText();
    JsonNode result = data.path("result");
    List<Series> out = new ArrayList<>();
    switch (type) {
      case "vector" -> {
        for (JsonNode series : result) {
          Map<String, String> labels = new HashMap<>();
          series.path("metric").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
          out.add(new Series(labels, sampleValue(series.path("value"), name, where)));
        }
      }
      case "scalar" -> out.add(new Series(Map.of(), sampleValue(result, name, where)));
      default -> throw new MetricsUnavailableException(PROMETHEUS_QUERY_FAILED,
          "query " + name + " returned a " + type + ", an instant vector or scalar is needed [" + promql + "] ("
              + where + ")");
    }
    return out;
  }

  /** [timestamp, "value"] with Prometheus's spelling of special values. */
  private static double sampleValue(JsonNode pair, String name, String where) throws MetricsUnavailableException {
    String v = pair.path(1).asText(null);
    if (v == null) {
      throw new MetricsUnavailableException(PROMETHEUS_QUERY_FAILED,
          "query " + name + " returned a sample without a value (" + where + ")");
    }
    switch (v) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        try {
          return Double.parseDouble(v);
        } catch (NumberFormatException e) {
          throw new MetricsUnavailableException(PROMETHEUS_QUERY_FAILED,
              "query " + name + " returned '" + v + "', not a number (" + where + ")");
        }
    }
  }

  private static double single(String name, Map<String, List<Series>> results, Map<String, String> promql,
      String where) throws MetricsUnavailableException {
    List<Series> series = results.get(name);
    if (series == null || series.isEmpty()) {
      throw new MetricsUnavailableException(NO_DATA,
          "no data for " + name + " [" + promql.get(name) + "] (" + where + ")");
    }
    if (series.size() > 1) {
      throw new MetricsUnavailableException(PROMETHEUS_QUERY_FAILED, "query " + name + " returned " + series.size()
          + " series, one is needed: aggregate it [" + promql.get(name) + "] (" + where + ")");
    }
    return series.get(0).value();
  }

  /**
   * histogram_quantile is NaN when no observation fell in the window: that is "no latency" only if
   * the matching rate is zero too; otherwise the data disagree and the cycle is held.
   */
  private static OptionalDouble quantile(String name, double matchingRate, Map<String, List<Series>> results,
      Map<String, String> promql, String where) throws MetricsUnavailableException {
    double q = single(name, results, promql, where);
    if (Double.isNaN(q)) {
      if (matchingRate == 0) {
        return OptionalDouble.empty();
      }
      throw new MetricsUnavailableException(NOT_A_NUMBER, name + " quantile is NaN although the matching rate is "
          + matchingRate + "/s [" + promql.get(name) + "] (" + where + ")");
    }
    return OptionalDouble.of(q);
  }

  /** Per-pod points joined on the pod label; pods without a running figure are left out. */
  private static List<CalibrationSample> calibrationSamples(Map<String, List<Series>> results) {
    Map<String, Double> running = byPod(results.get(QueryNames.POD_RUNNING));
    Map<String, Double> prompt = byPod(results.get(QueryNames.POD_PROMPT_TOKEN_RATE));
    Map<String, Double> itl = byPod(results.get(QueryNames.POD_ITL_MEAN));
    Map<String, Double> ttft = byPod(results.get(QueryNames.POD_TTFT_MEAN));
    List<CalibrationSample> out = new ArrayList<>();
    running.forEach((pod, batch) -> {
      if (Double.isFinite(batch) && batch >= 0) {
        double p = prompt.getOrDefault(pod, 0.0);
        out.add(new CalibrationSample(pod, batch, secondsOrZero(itl.get(pod)), Double.isFinite(p) && p >= 0 ? p : 0,
            secondsOrZero(ttft.get(pod))));
      }
    });
    out.sort((a, b) -> a.pod().compareTo(b.pod()));
    return out;
  }

  private static Map<String, Double> byPod(List<Series> series) {
    Map<String, Double> out = new HashMap<>();
    if (series != null) {
      for (Series s : series) {
        String pod = s.labels().get("pod");
        if (pod != null) {
          out.put(pod, s.value());
        }
      }
    }
    return out;
  }

  /** NaN (0/0: an idle pod) or missing means "no observation", which the calibrator skips. */
  private static Duration secondsOrZero(Double seconds) {
    if (seconds == null || !Double.isFinite(seconds) || seconds < 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }
}
