package io.costslo.app.metrics;

import static io.costslo.app.metrics.MetricsReasons.NOT_A_NUMBER;
import static io.costslo.app.metrics.MetricsReasons.NO_DATA;
import static io.costslo.app.metrics.MetricsReasons.PROMETHEUS_QUERY_FAILED;
import static io.costslo.app.metrics.MetricsReasons.PROMETHEUS_UNREACHABLE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costslo.api.v1alpha1.SafeText;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation.CalibrationSample;
import io.costslo.core.units.Durations;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Reading Prometheus's instant-query answers: the JSON into series, then a figure from its series
 * (exactly one; a NaN quantile only when nothing finished) and the per-pod calibration points.
 */
final class PrometheusAnswers {
  /** One series of an instant-vector answer. */
  record Series(Map<String, String> labels, double value) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, List<Series>> results;
  private final Map<String, String> promql;
  private final String where;

  /**
   * @param results each figure's parsed answer, by {@link QueryNames} name
   * @param promql the query sent for each figure, for messages
   * @param where what was read, for messages
   */
  PrometheusAnswers(Map<String, List<Series>> results, Map<String, String> promql, String where) {
    this.results = Map.copyOf(results);
    this.promql = Map.copyOf(promql);
    this.where = where;
  }

  boolean has(String name) {
    return results.containsKey(name);
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

  /** The figure's one series' value. */
  double single(String name) throws MetricsUnavailableException {
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
  OptionalDouble quantile(String name, double matchingRate) throws MetricsUnavailableException {
    double q = single(name);
    if (Double.isNaN(q)) {
      if (matchingRate == 0) {
        return OptionalDouble.empty();
      }
      throw new MetricsUnavailableException(NOT_A_NUMBER, name + " quantile is NaN although the matching rate is "
          + matchingRate + "/s [" + promql.get(name) + "] (" + where + ")");
    }
    return OptionalDouble.of(q);
  }

  /** An optional figure: empty when it has no query, no series, or a NaN (nothing observed). */
  OptionalDouble optional(String name) throws MetricsUnavailableException {
    List<Series> series = results.get(name);
    if (series == null || series.isEmpty()) {
      return OptionalDouble.empty();
    }
    double v = single(name);
    return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  /** A by-le answer as buckets (rates per le); empty when there is no query or no series. */
  Map<Double, Double> buckets(String name) throws MetricsUnavailableException {
    Map<Double, Double> out = new TreeMap<>();
    for (Series s : results.getOrDefault(name, List.of())) {
      String le = s.labels().get("le");
      try {
        out.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), s.value());
      } catch (RuntimeException e) { // no le label, or not a number
        throw new MetricsUnavailableException(PROMETHEUS_QUERY_FAILED, "query " + name + " returned a series without"
            + " a numeric le label; keep sum by (le) [" + SafeText.capped(promql.get(name), 300) + "] (" + where + ")");
      }
    }
    return out;
  }

  /** Per-pod points joined on the pod label; pods without a running figure are left out. */
  List<CalibrationSample> calibrationSamples() {
    Map<String, Double> running = byPod(QueryNames.POD_RUNNING);
    Map<String, Double> prompt = byPod(QueryNames.POD_PROMPT_TOKEN_RATE);
    Map<String, Double> itl = byPod(QueryNames.POD_ITL_MEAN);
    Map<String, Double> ttft = byPod(QueryNames.POD_TTFT_MEAN);
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

  private Map<String, Double> byPod(String name) {
    List<Series> series = results.get(name);
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
    return Durations.ofSeconds(seconds);
  }
}
