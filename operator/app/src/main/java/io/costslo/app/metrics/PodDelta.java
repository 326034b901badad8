package io.costslo.app.metrics;

import io.costslo.app.metrics.Engine.ScrapeNames;
import io.costslo.app.metrics.PodScrapeMetricsSource.Scrape;
import io.costslo.app.metrics.text.Exposition;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.units.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What one pod did between two of its scrapes: counter and histogram increases over the span, and
 * the gauges of the newer scrape. A counter that went down means the pod restarted
 * ({@link ResetSeen}); a series the engine should expose that is missing, or an impossible reading,
 * is a {@link MetricsUnavailableException}.
 */
record PodDelta(
    String pod,
    double seconds,
    double finished,
    double promptTokens,
    double outputTokens,
    Map<Double, Double> ttftBuckets,
    double ttftSum,
    double ttftCount,
    Map<Double, Double> itlBuckets,
    double itlSum,
    double itlCount,
    double running,
    double waiting,
    OptionalDouble kvUsage,
    Instant newestSample,
    Map<Double, Double> promptLengthBuckets,
    Map<Double, Double> outputLengthBuckets) {

  private record Histo(Map<Double, Double> buckets, double sum, double count) {}

  /** Signals a counter that went down; caught per pod and reported together. */
  static final class ResetSeen extends Exception {
    ResetSeen(String message) {
      super(message, null, false, false);
    }
  }

  static PodDelta between(String pod, ScrapeNames names, Scrape prev, Scrape cur)
      throws ResetSeen, MetricsUnavailableException {
    Exposition a = prev.exposition();
    Exposition b = cur.exposition();
    double seconds = Durations.seconds(Duration.between(prev.at(), cur.at()));

    double finished = counterDelta(pod, "finished requests", names.finishedRequests(), a, b);
    double prompt = counterDelta(pod, "prompt tokens", names.promptTokens(), a, b);
    double output = counterDelta(pod, "output tokens", names.outputTokens(), a, b);
    Histo ttft = histogramDelta(pod, "TTFT", names.ttftHistogram(), a, b);
    Histo itl = histogramDelta(pod, "ITL", names.itlHistogram(), a, b);
    Map<Double, Double> promptLengths = optionalHistogramDelta(pod, "prompt length", names.promptLengthHistogram(), a, b);
    Map<Double, Double> outputLengths = optionalHistogramDelta(pod, "output length", names.outputLengthHistogram(), a, b);
    // Gauges are read now: the baseline may be a window old, and its readings were checked when
    // they were current.
    String at = "pod " + pod;
    double running = ObservationValidator.nonNegative("running requests",
        ScrapePages.gauge(pod, "running", names.running(), b, false).orElseThrow(), at);
    double waiting = ObservationValidator.nonNegative("waiting requests",
        ScrapePages.gauge(pod, "waiting", names.waiting(), b, false).orElseThrow(), at);
    OptionalDouble kv = ScrapePages.gauge(pod, "KV-cache usage", names.kvCacheUsage(), b, true);
    if (kv.isPresent()) {
      ObservationValidator.fraction("KV-cache usage", kv.getAsDouble(), at);
    }
    Instant newest = b.newestTimestampMillis().isPresent()
        ? Instant.ofEpochMilli(b.newestTimestampMillis().getAsLong()) : cur.at();
    return new PodDelta(pod, seconds, finished, prompt, output, ttft.buckets(), ttft.sum(), ttft.count(),
        itl.buckets(), itl.sum(), itl.count(), running, waiting, kv, newest,
        promptLengths, outputLengths);
  }

  private static double counterDelta(String pod, String what, List<String> alternatives, Exposition before,
      Exposition now) throws ResetSeen, MetricsUnavailableException {
    String name = ScrapePages.pick(pod, what, alternatives, now);
    if (!before.has(name)) {
      throw new ResetSeen("pod " + pod + " had no " + name + " in the previous scrape");
    }
    double d = ScrapePages.sum(now, name) - ScrapePages.sum(before, name);
    if (d < 0) {
      throw new ResetSeen("pod " + pod + ": " + name + " went down from " + ScrapePages.sum(before, name) + " to " + ScrapePages.sum(now, name));
    }
    return d;
  }

  /** As {@link #histogramDelta} for a histogram the pod may lack: empty buckets when it does. */
  private static Map<Double, Double> optionalHistogramDelta(String pod, String what, List<String> alternatives,
      Exposition before, Exposition now) throws ResetSeen, MetricsUnavailableException {
    boolean present = alternatives.stream().anyMatch(n -> now.has(n + "_bucket"));
    return present ? histogramDelta(pod, what, alternatives, before, now).buckets() : Map.of();
  }

  private static Histo histogramDelta(String pod, String what, List<String> alternatives, Exposition before,
      Exposition now) throws ResetSeen, MetricsUnavailableException {
    List<String> bucketNames = alternatives.stream().map(n -> n + "_bucket").toList();
    String bucketName = ScrapePages.pick(pod, what + " histogram", bucketNames, now);
    String base = bucketName.substring(0, bucketName.length() - "_bucket".length());
    if (!before.has(bucketName)) {
      throw new ResetSeen("pod " + pod + " had no " + bucketName + " in the previous scrape");
    }
    Map<Double, Double> a = ScrapePages.buckets(pod, before, bucketName);
    Map<Double, Double> b = ScrapePages.buckets(pod, now, bucketName);
    HistogramChecks.requireConsistent(pod, base, b, ScrapePages.sum(now, base + "_count"));
    Map<Double, Double> delta = new TreeMap<>();
    for (Map.Entry<Double, Double> e : b.entrySet()) {
      double d = e.getValue() - a.getOrDefault(e.getKey(), 0.0);
      if (d < 0) {
        throw new ResetSeen("pod " + pod + ": " + bucketName + "{le=" + e.getKey() + "} went down");
      }
      delta.put(e.getKey(), d);
    }
    HistogramChecks.requireMonotone(pod, base + " increase since the baseline", delta);
    double sumDelta = ScrapePages.sum(now, base + "_sum") - ScrapePages.sum(before, base + "_sum");
    double countDelta = ScrapePages.sum(now, base + "_count") - ScrapePages.sum(before, base + "_count");
    if (countDelta < 0 || sumDelta < 0) {
      throw new ResetSeen("pod " + pod + ": " + base + "_count or _sum went down");
    }
    return new Histo(delta, sumDelta, countDelta);
  }
}
