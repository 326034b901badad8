package io.costslo.core.calibration;

import io.costslo.core.metrics.Observation.CalibrationSample;
import io.costslo.core.units.Durations;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Fits iteration-time coefficients from per-pod calibration samples and shrinks them towards the
 * built-in prior: with n usable points and prior strength n0 the fitted line gets weight n/(n+n0),
 * so a handful of noisy points barely move the model while a long history dominates it.
 *
 * <p>Keeps the newest {@code maxSamples} points across calls to {@link #record}; not thread-safe
 * (one calibrator per policy, driven by its reconciler).
 */
public final class OnlineCalibrator {
  private final IterationCoefficients prior;
  private final int minSamples;
  private final double priorStrength;
  private final int maxSamples;
  private final Deque<CalibrationSample> window = new ArrayDeque<>();

  /**
   * @param prior coefficients of the built-in profile
   * @param minSamples fewest usable points for a fit to count (at least 2)
   * @param priorStrength n0, the number of points the prior is worth
   * @param maxSamples history kept; older points are dropped first
   */
  public OnlineCalibrator(IterationCoefficients prior, int minSamples, double priorStrength, int maxSamples) {
    if (minSamples < 2) {
      throw new IllegalArgumentException("a line needs at least 2 points, minSamples=" + minSamples);
    }
    if (!(priorStrength >= 0) || Double.isInfinite(priorStrength)) {
      throw new IllegalArgumentException("prior strength must be finite and non-negative, got " + priorStrength);
    }
    if (maxSamples < minSamples) {
      throw new IllegalArgumentException("maxSamples " + maxSamples + " < minSamples " + minSamples);
    }
    this.prior = prior;
    this.minSamples = minSamples;
    this.priorStrength = priorStrength;
    this.maxSamples = maxSamples;
  }

  /** Adds one observation's samples to the history. */
  public void record(List<CalibrationSample> samples) {
    for (CalibrationSample s : samples) {
      window.addLast(s);
      while (window.size() > maxSamples) {
        window.removeFirst();
      }
    }
  }

  /** Calibration over the recorded history. */
  public Calibration calibration() {
    return fit(new ArrayList<>(window));
  }

  /** Calibration over exactly these samples (ignores the history). */
  public Calibration fit(List<CalibrationSample> samples) {
    // An idle pod reports no ITL / TTFT (zero): it says nothing about iteration time.
    List<double[]> itlPoints = points(samples, s -> s.meanRunningBatch(), s -> Durations.seconds(s.meanItl()),
        s -> s.meanRunningBatch() > 0 && s.meanItl().compareTo(Duration.ZERO) > 0);
    List<double[]> ttftPoints = points(samples, s -> s.promptTokensPerSecond() / 1000.0,
        s -> Durations.seconds(s.meanTtft()),
        s -> s.promptTokensPerSecond() >= 0 && s.meanTtft().compareTo(Duration.ZERO) > 0);

    FitOutcome itl = fitLine(itlPoints, "ITL vs running batch");
    FitOutcome ttft = fitLine(ttftPoints, "TTFT vs prefill load");

    LinearFit itlBlend = blend(itl, new LinearFit(prior.itlBase(), prior.itlPerRunningRequest()));
    LinearFit ttftBlend = blend(ttft, new LinearFit(prior.ttftBase(), prior.ttftPerKiloPromptTokensPerSecond()));
    return new Calibration(prior, itl, ttft,
        new IterationCoefficients(itlBlend.intercept(), itlBlend.slope(), ttftBlend.intercept(), ttftBlend.slope()));
  }

  private static List<double[]> points(List<CalibrationSample> samples, ToDoubleFunction<CalibrationSample> x,
      ToDoubleFunction<CalibrationSample> y, java.util.function.Predicate<CalibrationSample> usable) {
    List<double[]> out = new ArrayList<>();
    for (CalibrationSample s : samples) {
      if (!usable.test(s)) {
        continue;
      }
      double xv = x.applyAsDouble(s);
      double yv = y.applyAsDouble(s);
      if (Double.isFinite(xv) && Double.isFinite(yv)) {
        out.add(new double[] {xv, yv});
      }
    }
    return out;
  }

  private FitOutcome fitLine(List<double[]> pts, String what) {
    int n = pts.size();
    if (n < minSamples) {
      return FitOutcome.rejected(n, what + ": " + n + " usable points, need " + minSamples);
    }
    double mx = 0;
    double my = 0;
    for (double[] p : pts) {
      mx += p[0];
      my += p[1];
    }
    mx /= n;
    my /= n;
    double sxx = 0;
    double sxy = 0;
    for (double[] p : pts) {
      sxx += (p[0] - mx) * (p[0] - mx);
      sxy += (p[0] - mx) * (p[1] - my);
    }
    // All points at one load level pin the level, not the slope.
    if (sxx <= 1e-12 * Math.max(1.0, mx * mx) * n) {
      return FitOutcome.rejected(n, what + ": load did not vary across points, slope undetermined");
    }
    double slope = sxy / sxx;
    double intercept = my - slope * mx;
    if (slope < 0) {
      return FitOutcome.rejected(n, what + ": negative slope " + slope + " s per unit");
    }
    if (intercept < 0) {
      return FitOutcome.rejected(n, what + ": negative intercept " + intercept + " s");
    }
    double weight = n / (n + priorStrength);
    return new FitOutcome(n, Optional.of(new LinearFit(Durations.ofSeconds(intercept), Durations.ofSeconds(slope))),
        weight, Optional.empty());
  }

  private static LinearFit blend(FitOutcome outcome, LinearFit priorLine) {
    if (outcome.fitted().isEmpty()) {
      return priorLine;
    }
    LinearFit f = outcome.fitted().get();
    double w = outcome.dataWeight();
    return new LinearFit(mix(w, f.intercept(), priorLine.intercept()), mix(w, f.slope(), priorLine.slope()));
  }

  private static Duration mix(double w, Duration fitted, Duration prior) {
    return Durations.ofSeconds(w * Durations.seconds(fitted) + (1 - w) * Durations.seconds(prior));
  }
}
