package io.costslo.sim.workload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A piecewise-constant request rate: {@code rates[i]} requests per second during
 * {@code [i * window, (i + 1) * window)}.
 *
 * @param windowSeconds length of each window, seconds
 * @param rates requests per second in each window
 */
public record RateCurve(double windowSeconds, double[] rates) {

  /**
   * Shape of one day, relative to the daily mean, hour by hour: the ServeGen {@code m-small}
   * aggregate curve ({@code shared/data/traces/servegen/servegen_m-small_aggregate_rate.csv}, 2016
   * windows of 600 s = 14 days), averaged per hour of day over the 14 days and divided by the overall
   * mean (1174.4 rps). Computed by us; trough 0.66 (hour 5), peak 1.46 (hour 20). Of the three
   * language-model curves it has the clearest diurnal swing (m-large: 0.79..1.14; m-mid 0.84..1.17).
   */
  static final double[] SERVEGEN_M_SMALL_HOURLY_SHAPE = {0.84, 0.71, 0.73, 0.68, 0.71, 0.66, 0.68, 0.85, 1.02, 1.05,
      1.13, 1.09, 1.06, 1.07, 1.06, 1.05, 1.09, 1.08, 1.01, 1.23, 1.46, 1.40, 1.27, 1.06};

  /** The diurnal shape at a mean rate, in 60 s windows, linearly interpolated between hour centres. */
  public static RateCurve diurnal(double meanRps, double hours) {
    int n = (int) Math.ceil(hours * 60);
    double[] r = new double[n];
    double sum = 0;
    for (double v : SERVEGEN_M_SMALL_HOURLY_SHAPE) {
      sum += v;
    }
    double norm = sum / 24.0;
    for (int i = 0; i < n; i++) {
      double hour = (i + 0.5) / 60.0 - 0.5;
      int h0 = (int) Math.floor(hour);
      double f = hour - h0;
      double a = SERVEGEN_M_SMALL_HOURLY_SHAPE[Math.floorMod(h0, 24)];
      double b = SERVEGEN_M_SMALL_HOURLY_SHAPE[Math.floorMod(h0 + 1, 24)];
      r[i] = meanRps * (a + f * (b - a)) / norm;
    }
    return new RateCurve(60.0, r);
  }

  /** Reads a ServeGen aggregate file ({@code window_start_s,total_rate_rps,active_clients}). */
  public static RateCurve readServeGen(Path file) {
    try {
      List<Double> starts = new ArrayList<>();
      List<Double> rates = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        if (line.isBlank() || line.startsWith("window")) {
          continue;
        }
        String[] c = line.split(",");
        starts.add(Double.parseDouble(c[0]));
        rates.add(Double.parseDouble(c[1]));
      }
      double window = starts.size() > 1 ? starts.get(1) - starts.get(0) : 600.0;
      return new RateCurve(window, rates.stream().mapToDouble(Double::doubleValue).toArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public double mean() {
    double s = 0;
    for (double v : rates) {
      s += v;
    }
    return rates.length == 0 ? 0 : s / rates.length;
  }

  public double peak() {
    double m = 0;
    for (double v : rates) {
      m = Math.max(m, v);
    }
    return m;
  }

  public double hours() {
    return rates.length * windowSeconds / 3600.0;
  }

  /** The same shape with its mean moved to {@code meanRps}. */
  public RateCurve scaledToMean(double meanRps) {
    double m = mean();
    double[] r = new double[rates.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = m > 0 ? rates[i] * meanRps / m : 0;
    }
    return new RateCurve(windowSeconds, r);
  }
}
