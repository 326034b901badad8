package io.costslo.sim.report;

import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.plan.FrontierPoint;
import io.costslo.core.policy.CostPolicy;
import io.costslo.sim.Comparison;
import io.costslo.sim.engine.RunResult;
import io.costslo.sim.control.LoadWindows;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of a comparison, drawn headless with XChart, for a reader who has five seconds: who met
 * the SLO (summary.png), at what cost per token against the budget (cpt.png, cost.png), what each
 * controller ran (replicas.png, one panel each, so one controller's swings cannot hide another's), the
 * latency against the objectives (latency.png) and where CostSLO's choice sits on the frontier
 * (frontier.png). Each controller keeps one colour in every chart; objectives and budgets are dashed red.
 */
public final class Charts {
  private static final int MAX_POINTS = 1500;
  /** Window for the CPT-over-time chart: short windows at night hold too few tokens to mean anything. */
  private static final double CPT_WINDOW_SECONDS = 1800;
  private static final Color LIMIT = new Color(0xD6, 0x27, 0x28);
  private static final Color ON_DEMAND = new Color(0x1F, 0x77, 0xB4);
  private static final Color SPOT = new Color(0xFF, 0x7F, 0x0E);
  /** Distinct colours (Okabe-Ito without red, which marks limits), one per controller in request order. */
  private static final Color[] PALETTE = {new Color(0x00, 0x72, 0xB2), new Color(0xE6, 0x9F, 0x00),
      new Color(0x00, 0x9E, 0x73), new Color(0xCC, 0x79, 0xA7), new Color(0x94, 0x67, 0xBD), new Color(0x33, 0x33, 0x33),
      new Color(0x8C, 0x56, 0x4B), new Color(0x56, 0xB4, 0xE9)};

  private Charts() {}

  /** Writes summary, cpt, cost, replicas, latency and frontier PNGs into {@code dir}. */
  public static List<Path> write(Comparison.Outcome o, Path dir) {
    System.setProperty("java.awt.headless", "true");
    try {
      Files.createDirectories(dir);
      List<Path> out = new ArrayList<>();
      out.add(save(summary(o), dir.resolve("summary.png")));
      out.add(save(cpt(o), dir.resolve("cpt.png")));
      out.add(save(cost(o), dir.resolve("cost.png")));
      out.add(save(stack(replicaPanels(o)), dir.resolve("replicas.png")));
      out.add(save(stack(List.of(latency(o, true), latency(o, false))), dir.resolve("latency.png")));
      out.add(save(frontier(o), dir.resolve("frontier.png")));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path save(XYChart chart, Path file) throws IOException {
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    return file;
  }

  private static Path save(BufferedImage image, Path file) throws IOException {
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  /** Panels one above the other, sharing the width. */
  private static BufferedImage stack(List<XYChart> panels) {
    List<BufferedImage> images = panels.stream().map(BitmapEncoder::getBufferedImage).toList();
    int width = images.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
    int height = images.stream().mapToInt(BufferedImage::getHeight).sum();
    BufferedImage out = new BufferedImage(width, Math.max(1, height), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    int y = 0;
    for (BufferedImage i : images) {
      g.drawImage(i, 0, y, null);
      y += i.getHeight();
    }
    g.dispose();
    return out;
  }

  private static XYChart timeChart(Comparison.Outcome o, String title, String y, int height) {
    XYChart c = new XYChartBuilder().width(1100).height(height).title(title).xAxisTitle("hours").yAxisTitle(y).build();
    var s = c.getStyler();
    s.setMarkerSize(0);
    s.setLegendPosition(Styler.LegendPosition.OutsideE);
    // Whole-hour ticks over the whole horizon, so labels neither overlap nor land on 0.9, 1.8, ...
    double hours = Math.max(1, Math.ceil(o.setup().workload().horizonSeconds() / 3600));
    s.setXAxisMin(0.0);
    s.setXAxisMax(hours);
    s.setXAxisDecimalPattern("0");
    s.setXAxisTickMarkSpacingHint(hours > 12 ? 40 : 60);
    s.setChartBackgroundColor(Color.WHITE);
    return c;
  }

  private static Color colour(Comparison.Outcome o, RunResult r) {
    return PALETTE[Math.max(0, o.results().indexOf(r)) % PALETTE.length];
  }

  /** One point per controller: CPT against attainment, with the budget and the attainment objective. */
  private static XYChart summary(Comparison.Outcome o) {
    CostPolicy p = o.setup().policy();
    XYChart c = new XYChartBuilder().width(1100).height(500)
        .title(String.format(Locale.ROOT, "Who met the SLO, at what cost: %s TTFT <= %s and ITL <= %s for %.0f%% of requests",
            percentile(p), millis(p.objective().ttft().toNanos() / 1e9), millis(p.objective().itl().toNanos() / 1e9),
            100 * p.objective().attainmentTarget()))
        .xAxisTitle("USD per 1M output tokens (whole run)").yAxisTitle("requests meeting TTFT and ITL, % (lower of the two)")
        .build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setMarkerSize(14);
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    c.getStyler().setAnnotationTextFontColor(Color.DARK_GRAY);
    double maxX = 0;
    double minY = 100;
    for (RunResult r : o.results()) {
      double x = finite(r.usdPerMillionTokens());
      double y = 100 * Math.min(r.ttftAttainment(), r.itlAttainment());
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      boolean met = Math.min(r.ttftAttainment(), r.itlAttainment()) >= p.objective().attainmentTarget();
      XYSeries s = c.addSeries(String.format(Locale.ROOT, "%s: $%.3f, %.2f%% %s", r.controller(), x, y,
          met ? "MET" : "missed"), new double[] {x}, new double[] {y});
      s.setMarker(met ? SeriesMarkers.CIRCLE : SeriesMarkers.CROSS);
      s.setMarkerColor(colour(o, r));
      s.setLineColor(colour(o, r));
      c.addAnnotation(new AnnotationText(r.controller(), x, y, false));
    }
    double budget = p.budget().maxCostPerMillionTokens().map(v -> v.value()).orElse(Double.NaN);
    maxX = Math.max(maxX, Double.isFinite(budget) ? budget : 0) * 1.1 + 1e-6;
    minY = Math.max(0, Math.min(minY, 100 * p.objective().attainmentTarget()) - 1);
    limit(c, "attainment objective " + pct(p.objective().attainmentTarget()), new double[] {0, maxX},
        new double[] {100 * p.objective().attainmentTarget(), 100 * p.objective().attainmentTarget()});
    if (Double.isFinite(budget)) {
      limit(c, String.format(Locale.ROOT, "CPT budget $%.2f", budget), new double[] {budget, budget},
          new double[] {minY, 100});
    }
    c.getStyler().setXAxisMin(0.0);
    c.getStyler().setXAxisMax(maxX);
    c.getStyler().setYAxisMin(minY);
    c.getStyler().setYAxisMax(100.0);
    return c;
  }

  /**
   * Spend over the output tokens the workload asked for in each window (the same denominator for every
   * controller), against the CPT budget.
   */
  private static XYChart cpt(Comparison.Outcome o) {
    XYChart c = timeChart(o, "Cost per 1M output tokens over time (" + (int) (CPT_WINDOW_SECONDS / 60)
        + "-min windows of offered tokens) vs budget", "USD / 1M output tokens", 500);
    var w = o.setup().workload();
    int windows = (int) Math.ceil(w.horizonSeconds() / CPT_WINDOW_SECONDS);
    double[] tokens = new double[Math.max(1, windows)];
    for (int i = 0; i < w.size(); i++) {
      tokens[Math.min(tokens.length - 1, (int) (w.arrivalSeconds()[i] / CPT_WINDOW_SECONDS))] += w.outputTokens()[i];
    }
    // A controller far above the rest would flatten everyone else: cap the axis and say who is off it.
    double[] runCpt = o.results().stream().mapToDouble(r -> finite(r.usdPerMillionTokens())).sorted().toArray();
    double budget = o.setup().policy().budget().maxCostPerMillionTokens().map(v -> v.value()).orElse(0.0);
    double cap = Math.max(1.5 * budget, 2.5 * (runCpt.length == 0 ? 1 : runCpt[runCpt.length / 2]));
    for (RunResult r : o.results()) {
      RunResult.Series s = r.series();
      double[] usd = new double[tokens.length];
      for (int i = 1; i < s.timeSeconds().length; i++) {
        int k = Math.min(tokens.length - 1, (int) (s.timeSeconds()[i - 1] / CPT_WINDOW_SECONDS));
        usd[k] += s.usdPerHour()[i - 1] * (s.timeSeconds()[i] - s.timeSeconds()[i - 1]) / 3600;
      }
      double[] x = new double[tokens.length];
      double[] y = new double[tokens.length];
      double top = 0;
      for (int k = 0; k < tokens.length; k++) {
        x[k] = (k + 0.5) * CPT_WINDOW_SECONDS;
        y[k] = tokens[k] > 0 ? usd[k] / tokens[k] * 1e6 : Double.NaN;
        top = Math.max(top, finite(y[k]));
        y[k] = Math.min(y[k], cap);
      }
      line(c, String.format(Locale.ROOT, "%s ($%.3f run)%s", r.controller(), r.usdPerMillionTokens(),
          top > cap ? ", off scale" : ""), x, y, colour(o, r), false);
    }
    o.setup().policy().budget().maxCostPerMillionTokens().ifPresent(b -> limit(c,
        String.format(Locale.ROOT, "budget $%.2f", b.value()), hours(w.horizonSeconds()), flat(b.value())));
    c.getStyler().setYAxisMin(0.0);
    c.getStyler().setYAxisMax(cap);
    return c;
  }

  private static XYChart cost(Comparison.Outcome o) {
    XYChart c = timeChart(o, "Spend rate (USD per hour; legend: total USD) vs hourly cap", "USD / h", 500);
    for (RunResult r : o.results()) {
      line(c, String.format(Locale.ROOT, "%s ($%.0f)", r.controller(), r.totalUsd()), r.series().timeSeconds(),
          r.series().usdPerHour(), colour(o, r), true);
    }
    o.setup().policy().budget().maxSpend().ifPresent(b -> limit(c, String.format(Locale.ROOT, "cap $%.0f/h", b.value()),
        hours(o.setup().workload().horizonSeconds()), flat(b.value())));
    c.getStyler().setYAxisMin(0.0);
    return c;
  }

  /**
   * One panel per controller (one that swings 1 to 64 would hide the others' steps), on-demand and spot as
   * steps; each panel has its own scale, its peak in the title.
   */
  private static List<XYChart> replicaPanels(Comparison.Outcome o) {
    List<XYChart> panels = new ArrayList<>();
    for (RunResult r : o.results()) {
      RunResult.Series s = r.series();
      int top = 1;
      for (int i = 0; i < s.onDemandReady().length; i++) {
        top = Math.max(top, Math.max(s.onDemandReady()[i], s.spotReady()[i]));
      }
      XYChart c = timeChart(o, String.format(Locale.ROOT, "%s: ready replicas, peak %d (CPT $%.3f; TTFT %s, ITL %s met)",
          r.controller(), top, r.usdPerMillionTokens(), pct(r.ttftAttainment()), pct(r.itlAttainment())), "replicas", 230);
      line(c, "on-demand", s.timeSeconds(), toDouble(s.onDemandReady()), ON_DEMAND, true);
      line(c, "spot", s.timeSeconds(), toDouble(s.spotReady()), SPOT, true);
      c.getStyler().setYAxisMin(0.0);
      c.getStyler().setYAxisMax(top + 1.0);
      c.getStyler().setYAxisDecimalPattern("0");
      c.getStyler().setYAxisTickMarkSpacingHint(Math.max(25, 150 / (top + 1)));
      panels.add(c);
    }
    return panels;
  }

  private static XYChart latency(Comparison.Outcome o, boolean ttft) {
    CostPolicy p = o.setup().policy();
    double objective = (ttft ? p.objective().ttft() : p.objective().itl()).toNanos() / 1e9;
    XYChart c = timeChart(o, (ttft ? "TTFT" : "Per-request ITL") + " p99 per sample interval vs objective "
        + millis(objective) + " (log scale)", "seconds", 420);
    c.getStyler().setYAxisLogarithmic(true);
    for (RunResult r : o.results()) {
      line(c, r.controller(), r.series().timeSeconds(), floored(ttft ? r.series().ttftP99() : r.series().itlP99()),
          colour(o, r), false);
    }
    limit(c, "objective " + millis(objective), hours(o.setup().workload().horizonSeconds()), flat(objective));
    // Two decades below the objective and some room above, so the log axis has labelled decades.
    c.getStyler().setYAxisMin(objective / 100);
    c.getStyler().setYAxisMax(objective * 5);
    return c;
  }

  private static XYChart frontier(Comparison.Outcome o) {
    XYChart c = new XYChartBuilder().width(1100).height(500)
        .title("Cost-latency frontier at the peak 10-min load: CostSLO picks the cheapest plan at or below the line")
        .xAxisTitle("expected USD/h").yAxisTitle("SLO ratio (max of TTFT, ITL over objective)").build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    List<FrontierPoint> f = o.peakFrontier();
    if (f.isEmpty()) {
      c.addSeries("no frontier", new double[] {0}, new double[] {0});
      return c;
    }
    double[] x = f.stream().mapToDouble(p -> p.expectedCost().value()).toArray();
    double[] y = f.stream().mapToDouble(p -> Math.min(10, p.sloRatio())).toArray();
    XYSeries s = c.addSeries("frontier plans", x, y);
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setLineColor(PALETTE[0]);
    s.setMarkerColor(PALETTE[0]);
    double minX = java.util.Arrays.stream(x).min().orElse(0);
    double maxX = java.util.Arrays.stream(x).max().orElse(1);
    limit(c, "meets objectives (ratio 1)", new double[] {minX, maxX}, new double[] {1, 1});
    var policy = o.setup().policy();
    FrontierPoint chosen = FrontierOptimizer.optimize(policy, LoadWindows.peak(o.setup().workload(), 600), o.costs())
        .chosen();
    XYSeries pick = c.addSeries("chosen: " + chosen.plan(), new double[] {chosen.expectedCost().value()},
        new double[] {Math.min(10, chosen.sloRatio())});
    pick.setMarker(SeriesMarkers.DIAMOND);
    pick.setMarkerColor(PALETTE[2]);
    c.getStyler().setMarkerSize(12);
    policy.budget().maxSpend().ifPresent(b -> limit(c, String.format(Locale.ROOT, "cap $%.0f/h", b.value()),
        new double[] {b.value(), b.value()}, new double[] {0, java.util.Arrays.stream(y).max().orElse(1)}));
    return c;
  }

  /** A series thinned to MAX_POINTS (peaks kept), drawn as steps (a count holds until it changes) or lines. */
  private static void line(XYChart c, String name, double[] tSeconds, double[] v, Color colour, boolean steps) {
    int n = tSeconds.length;
    if (n == 0) {
      return;
    }
    int stride = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
    List<double[]> pts = new ArrayList<>();
    double previous = Double.NaN;
    for (int i = 0; i < n; i += stride) {
      double best = Double.NaN;
      for (int j = i; j < Math.min(n, i + stride); j++) {
        best = Double.isNaN(best) ? v[j] : Math.max(best, v[j]); // keep peaks visible when thinning
      }
      double x = tSeconds[i] / 3600.0;
      if (steps && !Double.isNaN(previous) && previous != best) {
        pts.add(new double[] {x, previous});
      }
      pts.add(new double[] {x, Double.isFinite(best) ? best : Double.NaN});
      previous = best;
    }
    XYSeries s = c.addSeries(name, pts.stream().mapToDouble(p -> p[0]).toArray(),
        pts.stream().mapToDouble(p -> p[1]).toArray());
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(colour);
    s.setLineWidth(1.6f);
  }

  private static void limit(XYChart c, String name, double[] x, double[] y) {
    XYSeries s = c.addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(LIMIT);
    s.setLineStyle(SeriesLines.DASH_DASH);
    s.setLineWidth(2f);
  }

  private static double[] hours(double horizonSeconds) {
    return new double[] {0, horizonSeconds / 3600.0};
  }

  private static double[] flat(double v) {
    return new double[] {v, v};
  }

  /** Log axes need positive values: below 1 ms is drawn at 1 ms; empty intervals (NaN) stay gaps. */
  private static double[] floored(double[] a) {
    double[] v = a.clone();
    for (int i = 0; i < v.length; i++) {
      v[i] = Double.isFinite(v[i]) ? Math.max(1e-3, v[i]) : Double.NaN;
    }
    return v;
  }

  private static double[] toDouble(int[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }

  private static double finite(double v) {
    return Double.isFinite(v) ? v : 0;
  }

  private static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
  }

  private static String millis(double seconds) {
    return seconds >= 1 ? String.format(Locale.ROOT, "%.3gs", seconds) : String.format(Locale.ROOT, "%.0fms", seconds * 1000);
  }

  private static String percentile(CostPolicy p) {
    return io.costslo.core.units.Percentiles.label(p.objective().percentile());
  }
}
