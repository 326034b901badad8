package io.costslo.app.metrics;

import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation.CalibrationSample;
import io.costslo.core.metrics.Observation;
import io.costslo.core.units.Percentiles;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Human table for {@code costslo observe}: the figures the operator would act on, their age, and
 * the reason it would hold instead, if any. Plain text, fixed-width columns, no colour.
 */
public final class ObservationReport {
  private ObservationReport() {}

  /** Observes once and renders the figures or the reason the operator would hold. */
  public static String observeAndRender(MetricsSource source, MetricsQuery query, Clock clock) {
    try {
      return render(query, source.observe(query), clock.instant());
    } catch (MetricsUnavailableException e) {
      return renderHold(query, e);
    }
  }

  public static String render(MetricsQuery query, Observation o, Instant now) {
    List<String[]> rows = new ArrayList<>();
    Duration age = Duration.between(o.takenAt(), now);
    String pct = Percentiles.label(o.percentile());
    rows.add(row("taken at", o.takenAt().toString(), "age " + seconds(age)));
    rows.add(row("window", seconds(o.window()), ""));
    rows.add(row("ready pods", Integer.toString(o.readyPods()), ""));
    rows.add(row("request rate", fmt("%.2f req/s", o.load().rate().value()), "finished requests"));
    o.arrivalRate().ifPresent(a -> rows.add(row("arrival rate", fmt("%.2f req/s", a.value()), "counted at arrival")));
    rows.add(row("prompt tokens", fmt("%.1f /request", o.load().input().mean()),
        o.load().inputTokenRate().toString()));
    rows.add(row("output tokens", fmt("%.1f /request", o.load().output().mean()),
        o.load().outputTokenRate().toString()));
    rows.add(row("TTFT " + pct, latency(o.ttft()), o.ttft().isEmpty() ? "no finished request in window" : ""));
    rows.add(row("ITL " + pct, latency(o.itl()), o.itl().isEmpty() ? "no generated token in window" : ""));
    rows.add(row("attainment", o.attainment().map(a -> fmt("%.2f %%", a * 100)).orElse("-"), attainmentNote(query, o)));
    rows.add(row("running", fmt("%.1f", o.runningRequests()), "requests in batch, all pods"));
    rows.add(row("waiting", fmt("%.1f", o.waitingRequests()), "requests queued, all pods"));
    rows.add(row("KV-cache usage", fmt("%.1f %%", o.kvCacheUsage() * 100), "mean over pods"));

    StringBuilder out = new StringBuilder();
    out.append("Metrics for ").append(query.namespace()).append('/').append(query.deployment()).append("\n\n");
    table(out, new String[] {"FIGURE", "VALUE", "NOTE"}, rows);
    if (!o.samples().isEmpty()) {
      out.append('\n');
      List<String[]> pods = new ArrayList<>();
      for (CalibrationSample s : o.samples()) {
        pods.add(row(s.pod(), fmt("%.1f", s.meanRunningBatch()), millisOrDash(s.meanItl()),
            fmt("%.0f", s.promptTokensPerSecond()), millisOrDash(s.meanTtft())));
      }
      table(out, new String[] {"POD", "RUNNING", "MEAN ITL", "PROMPT TOK/S", "MEAN TTFT"}, pods);
    }
    out.append("\nStatus: OK, the operator would act on these figures.\n");
    return out.toString();
  }

  /** What the attainment row means, or why it is missing. */
  private static String attainmentNote(MetricsQuery query, Observation o) {
    if (o.attainment().isPresent()) {
      return "smaller of the shares of requests within the TTFT objective ("
          + query.ttftObjective().map(ObservationReport::millis).orElse("?") + ") and of token gaps within the ITL one ("
          + query.itlObjective().map(ObservationReport::millis).orElse("?") + ")";
    }
    return query.ttftObjective().isEmpty() ? "no objectives given" : "no first token or token gap in the window";
  }

  public static String renderHold(MetricsQuery query, MetricsUnavailableException e) {
    return "Metrics for " + query.namespace() + "/" + query.deployment() + "\n\n"
        + "Status: HOLD, the operator keeps the current plan.\n"
        + "Reason: " + e.reason() + "\n"
        + "Detail: " + e.getMessage() + "\n";
  }

  private static String[] row(String... cells) {
    return cells;
  }

  private static void table(StringBuilder out, String[] header, List<String[]> rows) {
    int[] width = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      width[i] = header[i].length();
      for (String[] r : rows) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    line(out, header, width);
    for (String[] r : rows) {
      line(out, r, width);
    }
  }

  private static void line(StringBuilder out, String[] cells, int[] width) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      l.append(i == 0 ? "" : "  ").append(String.format("%-" + width[i] + "s", cells[i]));
    }
    out.append(l.toString().stripTrailing()).append('\n');
  }

  private static String latency(Optional<Duration> d) {
    return d.map(ObservationReport::millis).orElse("-");
  }

  private static String millisOrDash(Duration d) {
    return d.isZero() ? "-" : millis(d);
  }

  private static String millis(Duration d) {
    return fmt("%.1f ms", d.toNanos() / 1e6);
  }

  private static String seconds(Duration d) {
    return fmt("%.1f s", d.toMillis() / 1000.0);
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
