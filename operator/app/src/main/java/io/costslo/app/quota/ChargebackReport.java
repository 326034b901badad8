package io.costslo.app.quota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costslo.app.metrics.text.ExpositionFormatException;
import io.costslo.app.metrics.text.ExpositionParser;
import io.costslo.app.metrics.text.MetricSample;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spend, output tokens and CPT by team and model over a period, from the chargeback series
 * ({@link ChargebackMetrics}): through Prometheus's HTTP API ({@code increase()} over the period), or
 * from the operator's own /metrics (its counters since it started).
 */
public final class ChargebackReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** One team and model. */
  public record Row(String team, String model, double usd, double outputTokens) {
    /** USD per 1M output tokens; NaN with no tokens. */
    public double cpt() {
      return outputTokens > 0 ? usd / outputTokens * 1e6 : Double.NaN;
    }
  }

  /** @param source what the figures come from, for the header */
  public record Report(String source, List<Row> rows) {
    public Row total() {
      return new Row("TOTAL", "", rows.stream().mapToDouble(Row::usd).sum(),
          rows.stream().mapToDouble(Row::outputTokens).sum());
    }
  }

  private ChargebackReport() {}

  /** From Prometheus: the increase of each counter over {@code period} ending at {@code end}. */
  public static Report fromPrometheus(URI base, Duration period, Instant end) throws IOException, InterruptedException {
    String window = period.toSeconds() + "s";
    Map<List<String>, double[]> byKey = new TreeMap<>(ChargebackReport::compareKeys);
    collect(byKey, 0, query(base, "sum by (team, model) (increase(costslo_chargeback_usd_total[" + window + "]))", end));
    collect(byKey, 1, query(base, "sum by (team, model) (increase(costslo_chargeback_output_tokens_total[" + window + "]))", end));
    return new Report("prometheus " + base + ", " + period + " to " + end, rows(byKey));
  }

  /** From the operator's /metrics: its counters, i.e. since the operator started. */
  public static Report fromOperator(URI metrics) throws IOException, InterruptedException {
    String body = get(metrics);
    Map<List<String>, double[]> byKey = new TreeMap<>(ChargebackReport::compareKeys);
    try {
      for (MetricSample s : ExpositionParser.parse(body).samples()) {
        int column = s.name().equals("costslo_chargeback_usd_total") ? 0
            : s.name().equals("costslo_chargeback_output_tokens_total") ? 1 : -1;
        if (column >= 0) {
          List<String> key = List.of(s.labels().getOrDefault("team", ""), s.labels().getOrDefault("model", ""));
          byKey.computeIfAbsent(key, k -> new double[2])[column] += s.value();
        }
      }
    } catch (ExpositionFormatException e) {
      throw new IOException(metrics + " is not Prometheus text: " + e.getMessage(), e);
    }
    return new Report("operator " + metrics + " (since it started)", rows(byKey));
  }

  private static void collect(Map<List<String>, double[]> byKey, int column, JsonNode result) {
    for (JsonNode r : result) {
      List<String> key = List.of(r.path("metric").path("team").asText(""), r.path("metric").path("model").asText(""));
      byKey.computeIfAbsent(key, k -> new double[2])[column] += Double.parseDouble(r.path("value").get(1).asText());
    }
  }

  private static List<Row> rows(Map<List<String>, double[]> byKey) {
    List<Row> rows = new ArrayList<>();
    byKey.forEach((k, v) -> rows.add(new Row(k.get(0), k.get(1), v[0], v[1])));
    return rows;
  }

  private static int compareKeys(List<String> a, List<String> b) {
    int c = a.get(0).compareTo(b.get(0));
    return c != 0 ? c : a.get(1).compareTo(b.get(1));
  }

  private static JsonNode query(URI base, String promql, Instant end) throws IOException, InterruptedException {
    URI uri = URI.create(base.toString().replaceAll("/+$", "") + "/api/v1/query?query="
        + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time=" + end.getEpochSecond());
    JsonNode root = JSON.readTree(get(uri));
    if (!"success".equals(root.path("status").asText())) {
      throw new IOException("Prometheus answered " + root.path("errorType").asText() + ": " + root.path("error").asText()
          + " for " + promql);
    }
    return root.path("data").path("result");
  }

  private static String get(URI uri) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(uri + " answered HTTP " + r.statusCode());
    }
    return r.body();
  }

  public enum Format { TABLE, CSV, JSON }

  public static String format(Report report, Format format) {
    List<Row> all = new ArrayList<>(report.rows());
    all.add(report.total());
    StringBuilder b = new StringBuilder();
    switch (format) {
      case CSV -> {
        b.append("team,model,usd,output_tokens,usd_per_million_tokens\n");
        for (Row r : all) {
          b.append(csv(r.team())).append(',').append(csv(r.model())).append(',').append(num(r.usd(), 4)).append(',')
              .append(num(r.outputTokens(), 0)).append(',').append(Double.isNaN(r.cpt()) ? "" : num(r.cpt(), 4)).append('\n');
        }
      }
      case JSON -> {
        ObjectNode root = JSON.createObjectNode();
        root.put("source", report.source());
        ArrayNode rows = root.putArray("rows");
        for (Row r : all) {
          ObjectNode n = rows.addObject();
          n.put("team", r.team()).put("model", r.model()).put("usd", r.usd()).put("outputTokens", r.outputTokens());
          if (Double.isNaN(r.cpt())) {
            n.putNull("usdPerMillionTokens");
          } else {
            n.put("usdPerMillionTokens", r.cpt());
          }
        }
        b.append(root.toPrettyString()).append('\n');
      }
      default -> {
        b.append("# ").append(report.source()).append('\n');
        b.append(String.format(Locale.ROOT, "%-20s %-20s %14s %16s %12s%n", "TEAM", "MODEL", "USD", "OUTPUT TOKENS", "USD/1M"));
        for (Row r : all) {
          b.append(String.format(Locale.ROOT, "%-20s %-20s %14.2f %16.0f %12s%n", r.team(), r.model(), r.usd(),
              r.outputTokens(), Double.isNaN(r.cpt()) ? "-" : String.format(Locale.ROOT, "%.4f", r.cpt())));
        }
      }
    }
    return b.toString();
  }

  private static String num(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
