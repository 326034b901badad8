package io.costslo.sim.report;

import io.costslo.core.plan.FrontierPoint;
import io.costslo.sim.Comparison;
import io.costslo.sim.engine.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG charts of a comparison, drawn headless with XChart. */
public final class Charts {
  private static final int MAX_POINTS = 1500;

  private Charts() {}

  /** Writes replicas.png, cost.png, latency.png and frontier.png into {@code dir}. */
  public static List<Path> write(Comparison.Outcome o, Path dir) {
    System.setProperty("java.awt.headless", "true");
    try {
      Files.createDirectories(dir);
      List<Path> out = new ArrayList<>();
      out.add(save(replicas(o), dir.resolve("replicas.png")));
      out.add(save(cost(o), dir.resolve("cost.png")));
      out.add(save(latency(o), dir.resolve("latency.png")));
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

  private static XYChart chart(String title, String y) {
    XYChart c = new XYChartBuilder().width(1100).height(500).title(title).xAxisTitle("hours").yAxisTitle(y).build();
    c.getStyler().setMarkerSize(0);
    c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
    return c;
  }

  private static XYChart replicas(Comparison.Outcome o) {
    XYChart c = chart("Ready replicas by capacity type", "replicas");
    for (RunResult r : o.results()) {
      RunResult.Series s = r.series();
      add(c, r.controller() + " on-demand", s.timeSeconds(), toDouble(s.onDemandReady()));
      if (max(s.spotReady()) > 0) {
        add(c, r.controller() + " spot", s.timeSeconds(), toDouble(s.spotReady()));
      }
    }
    return c;
  }

  private static XYChart cost(Comparison.Outcome o) {
    XYChart c = chart("Cumulative cost", "USD");
    for (RunResult r : o.results()) {
      add(c, r.controller(), r.series().timeSeconds(), r.series().cumulativeUsd());
    }
    return c;
  }

  private static XYChart latency(Comparison.Outcome o) {
    XYChart c = chart("p99 TTFT and p99 per-request ITL per sample interval (log scale)", "seconds");
    c.getStyler().setYAxisLogarithmic(true);
    for (RunResult r : o.results()) {
      add(c, r.controller() + " TTFT p99", r.series().timeSeconds(), floored(r.series().ttftP99()));
      add(c, r.controller() + " ITL p99", r.series().timeSeconds(), floored(r.series().itlP99()));
    }
    return c;
  }

  private static XYChart frontier(Comparison.Outcome o) {
    XYChart c = new XYChartBuilder().width(900).height(500).title("Cost-latency frontier at the peak 10 min load")
        .xAxisTitle("expected USD/h").yAxisTitle("SLO ratio (<= 1 meets objectives)").build();
    List<FrontierPoint> f = o.peakFrontier();
    double[] x = f.stream().mapToDouble(p -> p.expectedCost().value()).toArray();
    double[] y = f.stream().mapToDouble(p -> Math.min(10, p.sloRatio())).toArray();
    if (x.length == 0) {
      x = new double[] {0};
      y = new double[] {0};
    }
    XYSeries s = c.addSeries("frontier", x, y);
    s.setMarker(SeriesMarkers.CIRCLE);
    return c;
  }

  private static void add(XYChart c, String name, double[] tSeconds, double[] v) {
    int n = tSeconds.length;
    if (n == 0) {
      return;
    }
    int stride = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
    int m = (n + stride - 1) / stride;
    double[] x = new double[m];
    double[] y = new double[m];
    for (int i = 0, k = 0; i < n; i += stride, k++) {
      x[k] = tSeconds[i] / 3600.0;
      double best = v[i];
      for (int j = i; j < Math.min(n, i + stride); j++) {
        best = Math.max(best, v[j]); // keep peaks visible when thinning
      }
      y[k] = Double.isFinite(best) ? best : 0;
    }
    XYSeries s = c.addSeries(name, x, y);
    s.setMarker(SeriesMarkers.NONE);
  }

  /** Log axes need positive values; empty intervals (NaN) are drawn at 1 ms. */
  private static double[] floored(double[] a) {
    double[] v = a.clone();
    for (int i = 0; i < v.length; i++) {
      v[i] = Double.isFinite(v[i]) ? Math.max(1e-3, v[i]) : 1e-3;
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

  private static int max(int[] a) {
    int m = 0;
    for (int v : a) {
      m = Math.max(m, v);
    }
    return m;
  }
}
