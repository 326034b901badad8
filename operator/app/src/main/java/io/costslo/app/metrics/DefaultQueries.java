package io.costslo.app.metrics;

import io.costslo.app.metrics.Engine.ScrapeNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An engine's default PromQL, generated from the series names the pod scraper reads
 * ({@link ScrapeNames}), so both sources read the same series and a renamed metric or a new engine is
 * one edit in {@link Engine}. Alternatives (two generations of a name) are joined with {@code or}
 * inside the aggregation: after rate()/avg_over_time() the metric name is gone, so a server exposing
 * both still gives one series per pod. A figure with no name (TGI's KV usage) has no query.
 */
final class DefaultQueries {
  private DefaultQueries() {}

  static Map<String, String> of(ScrapeNames n) {
    Map<String, String> q = new LinkedHashMap<>();
    put(q, QueryNames.REQUEST_RATE, n.finishedRequests(), s -> "sum(" + any(s, DefaultQueries::rate) + ")");
    put(q, QueryNames.PROMPT_TOKEN_RATE, n.promptTokens(), s -> "sum(" + any(s, DefaultQueries::rate) + ")");
    put(q, QueryNames.OUTPUT_TOKEN_RATE, n.outputTokens(), s -> "sum(" + any(s, DefaultQueries::rate) + ")");
    put(q, QueryNames.TTFT, n.ttftHistogram(), DefaultQueries::quantile);
    put(q, QueryNames.ITL, n.itlHistogram(), DefaultQueries::quantile);
    put(q, QueryNames.RUNNING, n.running(), s -> "sum(" + any(s, DefaultQueries::mean) + ")");
    put(q, QueryNames.WAITING, n.waiting(), s -> "sum(" + any(s, DefaultQueries::mean) + ")");
    put(q, QueryNames.KV_CACHE_USAGE, n.kvCacheUsage(), s -> "avg(" + any(s, DefaultQueries::mean) + ")");
    // A pod counts as ready, and as fresh, by its running-requests gauge: every engine exposes one.
    put(q, QueryNames.READY_PODS, n.running(), s -> "count(count by (pod) (" + any(s, m -> m + "{selector}") + "))");
    put(q, QueryNames.NEWEST_SAMPLE, n.running(), s -> "max(" + any(s, m -> "timestamp(" + m + "{selector})") + ")");
    put(q, QueryNames.POD_RUNNING, n.running(), s -> "sum by (pod) (" + any(s, DefaultQueries::mean) + ")");
    put(q, QueryNames.POD_PROMPT_TOKEN_RATE, n.promptTokens(),
        s -> "sum by (pod) (" + any(s, DefaultQueries::rate) + ")");
    put(q, QueryNames.POD_ITL_MEAN, n.itlHistogram(), DefaultQueries::podMean);
    put(q, QueryNames.POD_TTFT_MEAN, n.ttftHistogram(), DefaultQueries::podMean);
    put(q, QueryNames.TTFT_BUCKETS, n.ttftHistogram(), DefaultQueries::buckets);
    put(q, QueryNames.ITL_BUCKETS, n.itlHistogram(), DefaultQueries::buckets);
    put(q, QueryNames.PROMPT_LENGTH_P99, n.promptLengthHistogram(), DefaultQueries::p99IfObserved);
    put(q, QueryNames.OUTPUT_LENGTH_P99, n.outputLengthHistogram(), DefaultQueries::p99IfObserved);
    return Map.copyOf(q);
  }

  private static void put(Map<String, String> q, String name, List<String> series,
      Function<List<String>, String> query) {
    if (!series.isEmpty()) {
      q.put(name, query.apply(series));
    }
  }

  private static String any(List<String> series, Function<String, String> each) {
    return series.stream().map(each).collect(Collectors.joining(" or "));
  }

  private static String rate(String series) {
    return "rate(" + series + "{selector}[{window}])";
  }

  private static String mean(String gauge) {
    return "avg_over_time(" + gauge + "{selector}[{window}])";
  }

  private static String quantile(List<String> histogram) {
    return "histogram_quantile({quantile}, sum by (le) (" + any(histogram, h -> rate(h + "_bucket")) + "))";
  }

  /** The fleet's bucket increases over the window, one series per le (the share is computed here). */
  private static String buckets(List<String> histogram) {
    return "sum by (le) (" + any(histogram, h -> rate(h + "_bucket")) + ")";
  }

  /** The p99, or no series at all when nothing was observed in the window (never a NaN to explain). */
  private static String p99IfObserved(List<String> histogram) {
    return "histogram_quantile(0.99, " + buckets(histogram) + ") and on () (sum("
        + any(histogram, h -> rate(h + "_count")) + ") > 0)";
  }

  /** Each pod's mean latency over the window: sum over count, both rated (NaN for an idle pod). */
  private static String podMean(List<String> histogram) {
    return "sum by (pod) (" + any(histogram, h -> rate(h + "_sum")) + ") / sum by (pod) ("
        + any(histogram, h -> rate(h + "_count")) + ")";
  }
}
