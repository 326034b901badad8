package io.costslo.app.metrics;

import static io.costslo.app.metrics.MetricsReasons.COUNTER_RESET;
import static io.costslo.app.metrics.MetricsReasons.NO_DATA;
import static io.costslo.app.metrics.MetricsReasons.POD_SCRAPE_FAILED;

import io.costslo.api.v1alpha1.SafeText;
import io.costslo.app.metrics.HistogramQuantile.Bucket;
import io.costslo.app.metrics.text.Exposition;
import io.costslo.app.metrics.text.ExpositionFormatException;
import io.costslo.app.metrics.text.ExpositionParser;
import io.costslo.app.metrics.text.MetricSample;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation.CalibrationSample;
import io.costslo.core.metrics.Observation;
import io.costslo.core.units.Durations;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Default source when no Prometheus is configured: GETs each ready pod's /metrics and computes
 * rates and quantiles itself from the difference between this scrape and one a query window older of the
 * same pod: each pod keeps the scrapes of the last {@link MetricsQuery#window()}, so rates cover the
 * policy's window however often the operator reconciles (a shorter span until that much history
 * exists).
 *
 * <p>Fail static, in this order: any pod not answering (or answering garbage) → PodScrapeFailed; a
 * series the engine should expose missing → NoData; NaN or impossible readings → NotANumber /
 * ContradictoryMetrics; any
 * counter or bucket that went down since the previous scrape (the pod restarted) → CounterReset; a
 * pod without a previous scrape (first cycle, or a new pod) → NoData. A counter reset therefore
 * holds the whole cycle rather than skipping the pod or using the new value as the delta: both of
 * those under-count load (the restarted pod's window is shorter than the interval), which would
 * push the planner to scale down exactly when a pod has just crashed. A pod whose counters were
 * created since the previous round (its {@code _created} series says so) is a new replica and counts
 * from zero instead of holding.
 *
 * <p>Gauges (running, waiting, KV usage) are read from the newest scrape and checked (NaN, negative,
 * KV above 1); a counter reset drops the pod's older scrapes, so the next cycle starts from the new
 * baseline.
 * Token lengths are token rates divided by the finished-request rate; their p99 comes from the
 * per-request length histograms when every pod exposes them. With objectives in the query, the
 * window's attainment is read from the TTFT and ITL bucket increases ({@link HistogramShare}). One
 * instance per target deployment; thread-safe.
 */
public final class PodScrapeMetricsSource implements MetricsSource {

  /**
   * @param engine which metric names to read
   * @param connectTimeout TCP connect limit per pod (the shared {@link MetricsHttp} client's own
   *     limit applies; kept for callers that size the request timeout from it)
   * @param requestTimeout limit for a pod's whole answer
   * @param maxSampleAge oldest a pod's newest sample may be (matters when the exporter writes timestamps)
   * @param maxOutputTokensPerPodSecond most output tokens one replica can physically produce per
   *     second (largest batch over the shortest iteration); a pod reporting more is implausible
   */
  public record Settings(Engine engine, Duration connectTimeout, Duration requestTimeout, Duration maxSampleAge,
      double maxOutputTokensPerPodSecond) {
    /** Far above any GPU replica (tens of thousands of tokens/s), for sources that know no profile. */
    public static final double ANY_REPLICA_MAX_TOKENS_PER_SECOND = 10_000_000;

    public Settings(Engine engine, Duration connectTimeout, Duration requestTimeout, Duration maxSampleAge) {
      this(engine, connectTimeout, requestTimeout, maxSampleAge, ANY_REPLICA_MAX_TOKENS_PER_SECOND);
    }

    public static Settings defaults(Engine engine) {
      return new Settings(engine, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(60));
    }
  }

  /** One pod's page, as kept in the history, and when it was read. */
  record Scrape(Instant at, Exposition exposition) {}

  /** Pods one source scrapes per round; the replica bound is 10,000 but a scrape round must stay small. */
  static final int MAX_PODS = 1_000;

  private final Supplier<List<String>> endpoints;
  private final Settings settings;
  private final Clock clock;
  private final MetricsHttp http;
  private final ObservationValidator validator;
  private final java.util.Set<String> used;
  /** Each pod's recent scrapes, oldest first: enough to reach back one query window. */
  private final Map<String, java.util.ArrayDeque<Scrape>> history = new HashMap<>();
  /** When the previous round of scrapes was taken; null before the first. */
  private Instant previousRound;

  /**
   * @param endpoints ready target pods as {@code host:port} (then {@code http://host:port/metrics}
   *     is scraped) or as full URIs; asked once per {@link #observe}
   */
  public PodScrapeMetricsSource(Supplier<List<String>> endpoints, Settings settings, Clock clock) {
    this(endpoints, settings, clock, MetricsHttp.shared());
  }

  /** @param http the shared client and body limit (one for all policies) */
  public PodScrapeMetricsSource(Supplier<List<String>> endpoints, Settings settings, Clock clock, MetricsHttp http) {
    this.endpoints = endpoints;
    this.settings = settings;
    this.clock = clock;
    this.http = http;
    this.validator = new ObservationValidator(settings.maxSampleAge(), settings.maxOutputTokensPerPodSecond());
    this.used = ScrapePages.usedSeries(settings.engine().scrapeNames());
  }

  @Override
  public synchronized Observation observe(MetricsQuery query) throws MetricsUnavailableException {
    List<String> targets = List.copyOf(endpoints.get());
    String where = "pod scrape of " + query.namespace() + "/" + query.deployment();
    if (targets.isEmpty()) {
      throw new MetricsUnavailableException(NO_DATA, "no ready pods to scrape (" + where + ")");
    }
    history.keySet().retainAll(targets);

    if (targets.size() > MAX_PODS) {
      throw new MetricsUnavailableException(POD_SCRAPE_FAILED, targets.size() + " ready pods; pod scrape reads at most "
          + MAX_PODS + ", use source Prometheus (" + where + ")");
    }
    Map<String, CompletableFuture<HttpResponse<String>>> inFlight = new LinkedHashMap<>();
    for (String target : targets) {
      HttpRequest request = HttpRequest.newBuilder(metricsUri(target)).timeout(settings.requestTimeout())
          .header("Accept", "text/plain").GET().build();
      inFlight.put(target, http.client().sendAsync(request, http.boundedText()));
    }

    Instant roundStarted = clock.instant();
    List<String> failures = new ArrayList<>();
    List<String> resets = new ArrayList<>();
    List<String> newPods = new ArrayList<>();
    List<PodDelta> deltas = new ArrayList<>();
    List<MetricsUnavailableException> invalid = new ArrayList<>();
    // One deadline for the whole round (all pods are asked at once): a pod that stalls is cut off
    // here, and the reconciler thread waits at most this long whatever the number of pods.
    long deadline = System.nanoTime() + settings.requestTimeout().toNanos();
    for (Map.Entry<String, CompletableFuture<HttpResponse<String>>> e : inFlight.entrySet()) {
      String pod = e.getKey();
      Optional<Scrape> scrape = await(pod, e.getValue(), deadline, failures);
      if (scrape.isEmpty()) {
        continue;
      }
      Scrape prev = baseline(pod, scrape.get(), query.window());
      if (prev == null) {
        // A pod whose counters were created since the last round (a replica that just joined) had
        // zero at creation: its whole count belongs to this window. Any other unknown pod waits.
        prev = bornSince(scrape.get(), previousRound).orElse(null);
      }
      if (prev == null) {
        newPods.add(pod);
        continue;
      }
      try {
        deltas.add(PodDelta.between(pod, settings.engine().scrapeNames(), prev, scrape.get()));
      } catch (PodDelta.ResetSeen reset) {
        // The pod restarted: only the new scrape is a valid baseline from here on.
        history.get(pod).retainAll(java.util.List.of(scrape.get()));
        resets.add(reset.getMessage());
      } catch (MetricsUnavailableException bad) {
        if (bad.reason().equals(POD_SCRAPE_FAILED)) {
          failures.add(bad.getMessage());
        } else { // NoData (a series the engine should expose is missing), NaN, contradictions
          invalid.add(bad);
        }
      }
    }
    previousRound = roundStarted;
    if (!failures.isEmpty()) {
      throw new MetricsUnavailableException(POD_SCRAPE_FAILED, String.join("; ", failures) + " (" + where + ")");
    }
    if (!invalid.isEmpty()) {
      MetricsUnavailableException first = invalid.get(0);
      throw new MetricsUnavailableException(first.reason(), first.getMessage() + " (" + where + ")");
    }
    if (!resets.isEmpty()) {
      throw new MetricsUnavailableException(COUNTER_RESET, String.join("; ", resets)
          + "; the pod restarted, holding this cycle, its new values are the baseline for the next (" + where + ")");
    }
    if (!newPods.isEmpty()) {
      throw new MetricsUnavailableException(NO_DATA, "no previous scrape of " + newPods
          + " yet; rates need two scrapes, baseline recorded (" + where + ")");
    }

    Instant now = clock.instant();
    for (PodDelta d : deltas) {
      validator.requireFresh(d.newestSample(), now, "pod " + d.pod() + ", " + where);
    }
    return validator.validate(figures(deltas, query, where), now);
  }

  /**
   * Records the scrape and returns the baseline to compare it with: the newest earlier scrape at
   * least one window old, or the oldest one kept while the history is shorter than the window (so
   * rates cover the policy's window, not just the time since the last reconcile). Null for a pod
   * seen for the first time.
   */
  private Scrape baseline(String pod, Scrape now, Duration window) {
    java.util.ArrayDeque<Scrape> scrapes = history.computeIfAbsent(pod, k -> new java.util.ArrayDeque<>());
    Instant cutoff = now.at().minus(window);
    // Drop what is older than the newest scrape at or before the cutoff: it is never needed again.
    while (scrapes.size() > 1) {
      Scrape first = scrapes.pollFirst();
      if (scrapes.peekFirst().at().isAfter(cutoff)) {
        scrapes.addFirst(first);
        break;
      }
    }
    Scrape base = scrapes.peekFirst();
    scrapes.addLast(now);
    return base;
  }

  /**
   * A zero baseline at the previous round for a pod whose finished-request counter was created
   * after that round (the {@code _created} series prometheus_client exports with every counter).
   */
  private Optional<Scrape> bornSince(Scrape now, Instant lastRound) {
    if (lastRound == null) {
      return Optional.empty();
    }
    for (String total : settings.engine().scrapeNames().finishedRequests()) {
      String created = (total.endsWith("_total") ? total.substring(0, total.length() - "_total".length()) : total)
          + "_created";
      List<MetricSample> series = now.exposition().series(created);
      if (!series.isEmpty()) {
        double createdSeconds = series.stream().mapToDouble(MetricSample::value).min().orElseThrow();
        if (createdSeconds * 1000 > lastRound.toEpochMilli()) {
          return Optional.of(new Scrape(lastRound, ScrapePages.zeroed(now.exposition())));
        }
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private Optional<Scrape> await(String pod, CompletableFuture<HttpResponse<String>> future, long deadline,
      List<String> failures) {
    try {
      HttpResponse<String> response = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (response.statusCode() != 200) {
        failures.add("pod " + pod + " answered HTTP " + response.statusCode());
        return Optional.empty();
      }
      return Optional.of(new Scrape(clock.instant(), ScrapePages.retainUsed(ExpositionParser.parse(response.body()), used)));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof MetricsHttp.BodyTooLargeException || cause.getCause() instanceof MetricsHttp.BodyTooLargeException) {
        failures.add("pod " + pod + " served more than " + http.maxBodyBytes() + " bytes of metrics");
      } else {
        failures.add("pod " + pod + " did not answer: " + describe(cause));
      }
    } catch (TimeoutException e) {
      future.cancel(true);
      failures.add("pod " + pod + " did not answer within " + settings.requestTimeout().toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failures.add("interrupted while scraping pod " + pod);
    } catch (ExpositionFormatException e) {
      // The parser quotes the page; keep little of it.
      failures.add("pod " + pod + " served invalid metrics text: " + SafeText.capped(e.getMessage(), 160));
    }
    return Optional.empty();
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : " " + SafeText.capped(message, 160));
  }

  static URI metricsUri(String endpoint) {
    if (endpoint.contains("://")) {
      return URI.create(endpoint);
    }
    return URI.create("http://" + endpoint + "/metrics");
  }


  private MetricFigures figures(List<PodDelta> deltas, MetricsQuery query, String where)
      throws MetricsUnavailableException {
    double percentile = query.percentile();
    double requestRate = 0;
    double promptRate = 0;
    double outputRate = 0;
    double running = 0;
    double waiting = 0;
    double kvTotal = 0;
    int kvPods = 0;
    double window = 0;
    Instant oldestNewest = null;
    Map<Double, Double> ttft = new TreeMap<>();
    Map<Double, Double> itl = new TreeMap<>();
    Map<Double, Double> promptLengths = new TreeMap<>();
    Map<Double, Double> outputLengths = new TreeMap<>();
    int promptLengthPods = 0;
    int outputLengthPods = 0;
    List<CalibrationSample> samples = new ArrayList<>();
    for (PodDelta d : deltas) {
      // A zero-length window (two scrapes in the same clock tick) gives no rate; count it as zero.
      double perSecond = d.seconds() > 0 ? 1 / d.seconds() : 0;
      HistogramChecks.requirePossibleRate(d.pod(), d.outputTokens() * perSecond, settings.maxOutputTokensPerPodSecond());
      requestRate += d.finished() * perSecond;
      promptRate += d.promptTokens() * perSecond;
      outputRate += d.outputTokens() * perSecond;
      running += d.running();
      waiting += d.waiting();
      if (d.kvUsage().isPresent()) {
        kvTotal += d.kvUsage().getAsDouble();
        kvPods++;
      }
      window = Math.max(window, d.seconds());
      oldestNewest = oldestNewest == null || d.newestSample().isBefore(oldestNewest) ? d.newestSample() : oldestNewest;
      d.ttftBuckets().forEach((le, c) -> ttft.merge(le, c, Double::sum));
      d.itlBuckets().forEach((le, c) -> itl.merge(le, c, Double::sum));
      d.promptLengthBuckets().forEach((le, c) -> promptLengths.merge(le, c, Double::sum));
      d.outputLengthBuckets().forEach((le, c) -> outputLengths.merge(le, c, Double::sum));
      promptLengthPods += d.promptLengthBuckets().isEmpty() ? 0 : 1;
      outputLengthPods += d.outputLengthBuckets().isEmpty() ? 0 : 1;
      samples.add(new CalibrationSample(d.pod(), d.running(), meanOrZero(d.itlSum(), d.itlCount()),
          d.promptTokens() * perSecond, meanOrZero(d.ttftSum(), d.ttftCount())));
    }
    return new MetricFigures(where, oldestNewest, Durations.ofSeconds(window), requestRate,
        promptRate, outputRate, quantile(percentile, ttft), quantile(percentile, itl), percentile, running, waiting,
        kvPods == 0 ? 0.0 : kvTotal / kvPods, deltas.size(), samples, HistogramShare.attainment(query, ttft, itl),
        lengthP99(promptLengths, promptLengthPods == deltas.size()),
        lengthP99(outputLengths, outputLengthPods == deltas.size()));
  }

  /** p99 length only when every pod exposes the histogram, so the tail is the whole fleet's. */
  private static OptionalDouble lengthP99(Map<Double, Double> buckets, boolean everyPod) {
    OptionalDouble p99 = everyPod ? quantile(0.99, buckets) : OptionalDouble.empty();
    return p99.isPresent() && Double.isFinite(p99.getAsDouble()) ? p99 : OptionalDouble.empty();
  }

  private static OptionalDouble quantile(double q, Map<Double, Double> buckets) {
    List<Bucket> list = new ArrayList<>();
    buckets.forEach((le, c) -> list.add(new Bucket(le, c)));
    return list.isEmpty() ? OptionalDouble.empty() : HistogramQuantile.of(q, list);
  }

  /** Mean latency from histogram sum/count deltas; zero marks "no observation" for the calibrator. */
  private static Duration meanOrZero(double sum, double count) {
    if (count <= 0 || !Double.isFinite(sum / count) || sum < 0) {
      return Duration.ZERO;
    }
    return Durations.ofSeconds(sum / count);
  }
}
