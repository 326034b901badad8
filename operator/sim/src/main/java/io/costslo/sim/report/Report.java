package io.costslo.sim.report;

import io.costslo.core.plan.FrontierPoint;
import io.costslo.sim.Comparison;
import io.costslo.sim.engine.RunResult;
import io.costslo.sim.engine.SimConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Renders a comparison: the console table, {@code report.json} (fixed formatting, no wall-clock
 * figures, so the same seed gives the same bytes) and Markdown rows for the benchmark page.
 */
public final class Report {
  private Report() {}

  /** What every column of the table means (also shown by {@code costslo simulate --help}). */
  public static final String COLUMNS = "Columns: attain = the policy's attainment, one definition everywhere: the"
      + " smaller of the share of requests whose first token came within the TTFT objective (refused and dropped"
      + " ones miss) and the share of token gaps within the ITL objective (per token, as vLLM's"
      + " inter_token_latency_seconds); TTFT<= and ITL<= are those two shares. SLO = PASS if attain reaches the"
      + " policy's objectives.attainment over the whole run, else FAIL. USD/1Mtok = total USD / output tokens of"
      + " completed requests (CPT). total USD, GPU-h = billed for as long as the fleet serves (past the horizon"
      + " while requests remain, at most 2 h). win = share of 5-min windows whose percentile TTFT and ITL both"
      + " met the objectives (stricter, shown for steadiness). TTFT p50/p99 over requests; ITL p50/p99 over"
      + " token gaps. scale = replica-count changes, roll = batch-cap rollouts, reclaim = spot replicas lost,"
      + " kvpre = requests preempted for KV space (recomputed), refused = requests that can never fit one"
      + " replica's KV cache, dropped = lost mid-way (reclaim, drain) or unfinished at the hard stop.";

  private static boolean pass(Comparison.Outcome o, RunResult r) {
    return r.meets(o.setup().policy().objective().attainmentTarget());
  }

  public static String table(Comparison.Outcome o) {
    StringBuilder b = new StringBuilder();
    double ttft = o.setup().policy().objective().ttft().toMillis() / 1000.0;
    double itl = o.setup().policy().objective().itl().toMillis();
    b.append(String.format(Locale.ROOT,
        "%-13s %9s %10s %8s %7s %8s %10s %6s %8s %8s %7s %7s %5s %4s %7s %5s %7s %7s %4s%n",
        "controller", "USD/1Mtok", "total USD", "GPU-h", "attain", "TTFT<=" + fmt(ttft) + "s", "ITL<=" + fmt(itl) + "ms",
        "win", "TTFTp50", "TTFTp99", "ITLp50", "ITLp99", "scale", "roll", "reclaim", "kvpre", "refused", "dropped", "SLO"));
    for (RunResult r : o.results()) {
      b.append(String.format(Locale.ROOT,
          "%-13s %9.4f %10.2f %8.1f %6.2f%% %7.2f%% %9.2f%% %5.1f%% %7.3fs %7.3fs %5.1fms %5.1fms %5d %4d %7d %5d %7d %7d "
              + "%4s%n",
          r.controller(), r.usdPerMillionTokens(), r.totalUsd(), r.gpuHours(), r.attainment() * 100,
          r.ttftAttainment() * 100, r.itlAttainment() * 100, r.windowAttainment() * 100, r.ttftP50Seconds(),
          r.ttftP99Seconds(), r.itlP50Seconds() * 1000, r.itlP99Seconds() * 1000, r.scaleEvents(), r.rollouts(),
          r.preemptions(), r.kvPreemptions(), r.refused(), r.dropped(), pass(o, r) ? "PASS" : "FAIL"));
    }
    for (RunResult r : o.results()) {
      if (!r.setting().isEmpty()) {
        b.append("  ").append(r.controller()).append(": ").append(r.setting()).append('\n');
      }
    }
    ratios(o).ifPresent(line -> b.append(line).append('\n'));
    return b.toString();
  }

  /** CostSLO's CPT over hpa-tuned's and over the bound's, when those ran. */
  public static java.util.Optional<String> ratios(Comparison.Outcome o) {
    java.util.Map<String, RunResult> by = new java.util.HashMap<>();
    o.results().forEach(r -> by.put(r.controller(), r));
    RunResult c = by.get("costslo");
    if (c == null) {
      return java.util.Optional.empty();
    }
    StringBuilder b = new StringBuilder();
    for (String other : new String[] {"hpa-tuned", "bound"}) {
      RunResult r = by.get(other);
      if (r != null) {
        b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "CostSLO / %s CPT = %.2f", other,
            c.usdPerMillionTokens() / r.usdPerMillionTokens()));
      }
    }
    return b.length() == 0 ? java.util.Optional.empty() : java.util.Optional.of(b.toString());
  }

  /** Markdown table rows for the benchmark page. */
  public static String markdown(Comparison.Outcome o) {
    StringBuilder b = new StringBuilder();
    b.append("| controller | SLO | USD / 1M output tokens | total USD | GPU-hours | attainment | TTFT within objective "
        + "| token gaps within ITL objective | windows meeting both | TTFT p50 / p99 (s) | ITL p50 / p99 (ms, per token) "
        + "| scale events | rollouts | spot reclaims | KV preemptions | refused | dropped | setting |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (RunResult r : o.results()) {
      b.append(String.format(Locale.ROOT,
          "| %s | %s | %.4f | %.2f | %.1f | %.2f %% | %.2f %% | %.2f %% | %.1f %% | %.3f / %.3f | %.1f / %.1f | %d | %d "
              + "| %d | %d | %d | %d | %s |%n",
          r.controller(), pass(o, r) ? "pass" : "FAIL", r.usdPerMillionTokens(), r.totalUsd(), r.gpuHours(),
          r.attainment() * 100, r.ttftAttainment() * 100, r.itlAttainment() * 100, r.windowAttainment() * 100,
          r.ttftP50Seconds(),
          r.ttftP99Seconds(), r.itlP50Seconds() * 1000, r.itlP99Seconds() * 1000, r.scaleEvents(), r.rollouts(),
          r.preemptions(), r.kvPreemptions(), r.refused(), r.dropped(), r.setting().isEmpty() ? "" : r.setting()));
    }
    return b.toString();
  }

  public static String json(Comparison.Outcome o) {
    Json j = new Json();
    j.open();
    j.field("workload", o.setup().workload().name());
    j.field("requests", o.setup().workload().size());
    j.field("horizonHours", o.setup().workload().horizonSeconds() / 3600.0);
    j.field("seed", o.setup().seed());
    j.field("profile", o.setup().policy().capacity().profile().name());
    j.field("onDemandUsdPerReplicaHour", o.costs().onDemandPerReplica().value());
    j.field("spotUsdPerReplicaHour", o.costs().spotPerReplica().value());
    j.field("objectivePercentile", o.setup().policy().objective().percentile());
    j.field("attainmentObjective", o.setup().policy().objective().attainmentTarget());
    j.field("ttftObjectiveSeconds", o.setup().policy().objective().ttft().toNanos() / 1e9);
    j.field("itlObjectiveSeconds", o.setup().policy().objective().itl().toNanos() / 1e9);
    SimConfig c = o.setup().config();
    j.field("coldStartSeconds", c.coldStart().toNanos() / 1e9);
    j.field("spotPreemptionsPerReplicaHour", c.spotPreemptionsPerReplicaHour());
    j.field("spotOutagesPerDay", c.spotOutagesPerDay());
    j.field("spotOutageSeconds", c.spotOutageDuration().toNanos() / 1e9);
    j.field("scheduler", c.scheduler().label());
    j.field("maxNumBatchedTokens", c.maxPrefillTokensPerStep());
    j.key("controllers");
    j.openArray();
    for (RunResult r : o.results()) {
      j.open();
      j.field("controller", r.controller());
      j.field("usdPerMillionOutputTokens", r.usdPerMillionTokens());
      j.field("totalUsd", r.totalUsd());
      j.field("gpuHours", r.gpuHours());
      j.field("attainment", r.attainment());
      j.field("ttftAttainment", r.ttftAttainment());
      j.field("itlAttainment", r.itlAttainment());
      j.field("ttftP50Seconds", r.ttftP50Seconds());
      j.field("ttftP99Seconds", r.ttftP99Seconds());
      j.field("itlP50Seconds", r.itlP50Seconds());
      j.field("itlP99Seconds", r.itlP99Seconds());
      j.field("scaleEvents", r.scaleEvents());
      j.field("rollouts", r.rollouts());
      j.field("preemptions", r.preemptions());
      j.field("spotOutages", r.spotOutages());
      j.field("requests", r.requests());
      j.field("completed", r.completed());
      j.field("dropped", r.dropped());
      j.field("refused", r.refused());
      j.field("kvPreemptions", r.kvPreemptions());
      j.field("windowAttainment", r.windowAttainment());
      j.field("meetsObjectives", pass(o, r) ? 1 : 0);
      j.field("runHours", r.runHours());
      j.field("setting", r.setting());
      j.field("outputTokens", r.outputTokens());
      j.field("generatedTokens", r.generatedTokens());
      j.close();
    }
    j.closeArray();
    j.key("peakFrontier");
    j.openArray();
    for (FrontierPoint p : o.peakFrontier()) {
      j.open();
      j.field("onDemand", p.plan().onDemandReplicas());
      j.field("spot", p.plan().spotReplicas());
      j.field("batchCap", p.plan().batchCap());
      j.field("expectedUsdPerHour", p.expectedCost().value());
      j.field("sloRatio", p.sloRatio());
      j.close();
    }
    j.closeArray();
    j.close();
    return j.toString();
  }

  public static void writeJson(Comparison.Outcome o, Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("report.json"), json(o), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }

  /** A minimal JSON writer with stable number formatting. */
  static final class Json {
    private final StringBuilder b = new StringBuilder();
    private final java.util.ArrayDeque<Boolean> first = new java.util.ArrayDeque<>();
    private int depth;

    void open() {
      comma();
      b.append("{");
      first.push(true);
      depth++;
    }

    void close() {
      depth--;
      first.pop();
      b.append('\n').append("  ".repeat(depth)).append("}");
    }

    void openArray() {
      comma();
      b.append("[");
      first.push(true);
      depth++;
    }

    void closeArray() {
      depth--;
      first.pop();
      b.append('\n').append("  ".repeat(depth)).append("]");
    }

    void key(String k) {
      comma();
      b.append('"').append(escape(k)).append("\": ");
      first.push(true); // the value that follows needs no comma
      pendingValue = true;
    }

    private boolean pendingValue;

    private void comma() {
      if (pendingValue) {
        first.pop();
        pendingValue = false;
        return;
      }
      if (first.isEmpty()) {
        return;
      }
      if (!first.peek()) {
        b.append(',');
      }
      first.pop();
      first.push(false);
      b.append('\n').append("  ".repeat(depth));
    }

    void field(String k, String v) {
      key(k);
      comma();
      b.append('"').append(escape(v)).append('"');
    }

    void field(String k, double v) {
      key(k);
      comma();
      b.append(Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null");
    }

    void field(String k, long v) {
      key(k);
      comma();
      b.append(v);
    }

    private static String escape(String s) {
      return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
      return b + "\n";
    }
  }

  static List<String> names(Comparison.Outcome o) {
    return o.results().stream().map(RunResult::controller).toList();
  }
}
