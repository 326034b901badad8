package io.costslo.app.metrics;

import static io.costslo.app.metrics.MetricsReasons.PROMETHEUS_QUERY_FAILED;
import static io.costslo.app.metrics.MetricsReasons.PROMETHEUS_UNREACHABLE;

import io.costslo.api.v1alpha1.SafeText;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
        QueryNames.POD_ITL_MEAN, QueryNames.POD_TTFT_MEAN, QueryNames.TTFT_BUCKETS, QueryNames.ITL_BUCKETS,
        QueryNames.PROMPT_LENGTH_P99, QueryNames.OUTPUT_LENGTH_P99);
    Map<String, String> promql = new LinkedHashMap<>();
    Map<String, CompletableFuture<HttpResponse<String>>> inFlight = new LinkedHashMap<>();
    for (String name : names) {
      Optional<String> q = promql(name, query);
      if (q.isPresent()) {
        promql.put(name, q.get());
        inFlight.put(name, client.sendAsync(request(q.get()), http.boundedText()));
      }
    }
    Map<String, List<PrometheusAnswers.Series>> results = new HashMap<>();
    long deadline = System.nanoTime() + settings.connectTimeout().plus(settings.requestTimeout()).toNanos();
    try {
      for (Map.Entry<String, CompletableFuture<HttpResponse<String>>> e : inFlight.entrySet()) {
        results.put(e.getKey(), PrometheusAnswers.parse(e.getKey(), promql.get(e.getKey()), await(e.getValue(), deadline, where), where));
      }
    } finally {
      inFlight.values().forEach(f -> f.cancel(true));
    }
    PrometheusAnswers answers = new PrometheusAnswers(results, promql, where);

    double requestRate = answers.single(QueryNames.REQUEST_RATE);
    double outputRate = answers.single(QueryNames.OUTPUT_TOKEN_RATE);
    double newestEpochSeconds = answers.single(QueryNames.NEWEST_SAMPLE);
    ObservationValidator.finite("newest sample time", newestEpochSeconds, where);
    MetricFigures figures = new MetricFigures(
        where,
        Instant.ofEpochMilli(Math.round(newestEpochSeconds * 1000)),
        query.window(),
        requestRate,
        answers.single(QueryNames.PROMPT_TOKEN_RATE),
        outputRate,
        answers.quantile(QueryNames.TTFT, requestRate),
        answers.quantile(QueryNames.ITL, outputRate),
        query.percentile(),
        answers.single(QueryNames.RUNNING),
        answers.single(QueryNames.WAITING),
        // An engine with no KV-usage metric (TGI) reports 0 unless the query is overridden.
        answers.has(QueryNames.KV_CACHE_USAGE) ? answers.single(QueryNames.KV_CACHE_USAGE) : 0.0,
        (int) Math.round(ObservationValidator.nonNegative("ready pods",
            answers.single(QueryNames.READY_PODS), where)),
        answers.calibrationSamples(),
        HistogramShare.attainment(query, answers.buckets(QueryNames.TTFT_BUCKETS),
            answers.buckets(QueryNames.ITL_BUCKETS)),
        answers.optional(QueryNames.PROMPT_LENGTH_P99),
        answers.optional(QueryNames.OUTPUT_LENGTH_P99));
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
}
