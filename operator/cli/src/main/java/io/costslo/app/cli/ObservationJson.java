package io.costslo.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code costslo observe -o json}: the same figures as the table, durations in seconds, one document. */
final class ObservationJson {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ObservationJson() {}

  static String ok(MetricsQuery query, Observation o, Instant now) {
    Map<String, Object> doc = head(query, "OK");
    doc.put("takenAt", o.takenAt().toString());
    doc.put("ageSeconds", seconds(Duration.between(o.takenAt(), now)));
    doc.put("windowSeconds", seconds(o.window()));
    doc.put("readyPods", o.readyPods());
    doc.put("requestsPerSecond", o.load().rate().value());
    doc.put("meanInputTokens", o.load().input().mean());
    doc.put("meanOutputTokens", o.load().output().mean());
    doc.put("percentile", o.percentile());
    doc.put("ttftSeconds", seconds(o.ttft()));
    doc.put("itlSeconds", seconds(o.itl()));
    doc.put("attainment", o.attainment().orElse(null));
    doc.put("arrivalsPerSecond", o.arrivalRate().map(a -> a.value()).orElse(null));
    doc.put("runningRequests", o.runningRequests());
    doc.put("waitingRequests", o.waitingRequests());
    doc.put("kvCacheUsage", o.kvCacheUsage());
    List<Map<String, Object>> pods = o.samples().stream().map(s -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("pod", s.pod());
      m.put("meanRunningBatch", s.meanRunningBatch());
      m.put("meanItlSeconds", seconds(Optional.ofNullable(s.meanItl())));
      m.put("promptTokensPerSecond", s.promptTokensPerSecond());
      m.put("meanTtftSeconds", seconds(Optional.ofNullable(s.meanTtft())));
      return m;
    }).toList();
    doc.put("pods", pods);
    return write(doc);
  }

  static String hold(MetricsQuery query, MetricsUnavailableException e) {
    Map<String, Object> doc = head(query, "HOLD");
    doc.put("reason", e.reason());
    doc.put("detail", e.getMessage());
    return write(doc);
  }

  private static Map<String, Object> head(MetricsQuery query, String status) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("namespace", query.namespace());
    doc.put("deployment", query.deployment());
    doc.put("status", status);
    return doc;
  }

  private static Double seconds(Optional<Duration> d) {
    return d.map(ObservationJson::seconds).orElse(null);
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  private static String write(Map<String, Object> doc) {
    try {
      return JSON.writeValueAsString(doc) + System.lineSeparator();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
