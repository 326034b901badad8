package io.costslo.core.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.metrics.Observation.CalibrationSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OnlineCalibratorTest {

  // Prior deliberately far from the truths below so that blending is visible.
  private static final IterationCoefficients PRIOR = new IterationCoefficients(
      ms(20), ms(1), ms(100), ms(50));

  private static Duration ms(double millis) {
    return Duration.ofNanos(Math.round(millis * 1e6));
  }

  private static double sec(Duration d) {
    return d.toNanos() / 1e9;
  }

  /** Samples on ITL = a + b·batch and TTFT = c + d·(promptTps/1000) with relative Gaussian noise. */
  private static List<CalibrationSample> synthetic(int n, double a, double b, double c, double d, double noise, long seed) {
    Random rnd = new Random(seed);
    List<CalibrationSample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double batch = 1 + rnd.nextInt(64);
      double promptTps = 200 + rnd.nextDouble() * 8000;
      double itl = (a + b * batch) * (1 + noise * rnd.nextGaussian());
      double ttft = (c + d * promptTps / 1000) * (1 + noise * rnd.nextGaussian());
      out.add(new CalibrationSample("pod-" + (i % 4), batch, Duration.ofNanos(Math.round(itl * 1e9)), promptTps,
          Duration.ofNanos(Math.round(ttft * 1e9))));
    }
    return out;
  }

  static Stream<Arguments> truths() {
    // a [s], b [s/request], c [s], d [s per 1000 prompt tok/s], noise (relative sd), tolerance (relative)
    return Stream.of(
        Arguments.of(0.010, 0.0004, 0.050, 0.020, 0.00, 1e-6),
        Arguments.of(0.012, 0.0006, 0.080, 0.030, 0.02, 0.10),
        Arguments.of(0.030, 0.0010, 0.200, 0.015, 0.05, 0.20));
  }

  @ParameterizedTest(name = "a={0} b={1} c={2} d={3} noise={4}")
  @MethodSource("truths")
  void recoversKnownCoefficientsFromNoisySamples(double a, double b, double c, double d, double noise, double tol) {
    // n0 = 0: the fit alone, to check the least squares itself.
    OnlineCalibrator calibrator = new OnlineCalibrator(PRIOR, 10, 0, 10_000);
    Calibration cal = calibrator.fit(synthetic(400, a, b, c, d, noise, 42));

    assertThat(cal.itl().accepted()).isTrue();
    assertThat(cal.ttft().accepted()).isTrue();
    LinearFit itl = cal.itl().fitted().orElseThrow();
    LinearFit ttft = cal.ttft().fitted().orElseThrow();
    assertThat(sec(itl.intercept())).isCloseTo(a, within(a * tol + 1e-9));
    assertThat(sec(itl.slope())).isCloseTo(b, within(b * tol + 1e-9));
    assertThat(sec(ttft.intercept())).isCloseTo(c, within(c * tol + 1e-9));
    assertThat(sec(ttft.slope())).isCloseTo(d, within(d * tol + 1e-9));
    assertThat(cal.sampleCount()).isEqualTo(400);
    assertThat(cal.blended().itlBase()).isEqualTo(itl.intercept());
  }

  static Stream<Arguments> sampleCounts() {
    // n, n0, expected weight n/(n+n0)
    return Stream.of(
        Arguments.of(10, 10.0, 0.5),
        Arguments.of(30, 10.0, 0.75),
        Arguments.of(90, 10.0, 0.9),
        Arguments.of(20, 0.0, 1.0));
  }

  @ParameterizedTest(name = "n={0} n0={1} -> w={2}")
  @MethodSource("sampleCounts")
  void blendWeightGrowsWithSampleCount(int n, double n0, double expectedWeight) {
    double a = 0.010;
    double b = 0.0004;
    OnlineCalibrator calibrator = new OnlineCalibrator(PRIOR, 5, n0, 10_000);
    Calibration cal = calibrator.fit(synthetic(n, a, b, 0.05, 0.02, 0.0, 7));

    assertThat(cal.itl().dataWeight()).isCloseTo(expectedWeight, within(1e-12));
    double expectedBase = expectedWeight * a + (1 - expectedWeight) * sec(PRIOR.itlBase());
    double expectedSlope = expectedWeight * b + (1 - expectedWeight) * sec(PRIOR.itlPerRunningRequest());
    assertThat(sec(cal.blended().itlBase())).isCloseTo(expectedBase, within(1e-8));
    assertThat(sec(cal.blended().itlPerRunningRequest())).isCloseTo(expectedSlope, within(1e-8));
  }

  @Test
  void tooFewPointsKeepsThePrior() {
    OnlineCalibrator calibrator = new OnlineCalibrator(PRIOR, 8, 10, 100);
    Calibration cal = calibrator.fit(synthetic(7, 0.01, 0.0004, 0.05, 0.02, 0.0, 1));

    assertThat(cal.itl().accepted()).isFalse();
    assertThat(cal.itl().rejectedBecause()).hasValueSatisfying(w -> assertThat(w).contains("7 usable points, need 8"));
    assertThat(cal.ttft().accepted()).isFalse();
    assertThat(cal.blended()).isEqualTo(PRIOR);
  }

  @Test
  void negativeSlopeIsRejected() {
    List<CalibrationSample> samples = new ArrayList<>();
    for (int batch = 1; batch <= 20; batch++) {
      // ITL falling with batch: not physical, e.g. a mislabelled series.
      samples.add(new CalibrationSample("p", batch, ms(50 - batch), 1000, ms(100)));
    }
    Calibration cal = new OnlineCalibrator(PRIOR, 5, 10, 100).fit(samples);

    assertThat(cal.itl().accepted()).isFalse();
    assertThat(cal.itl().rejectedBecause()).hasValueSatisfying(w -> assertThat(w).contains("negative slope"));
    assertThat(cal.blended().itlBase()).isEqualTo(PRIOR.itlBase());
    assertThat(cal.blended().itlPerRunningRequest()).isEqualTo(PRIOR.itlPerRunningRequest());
  }

  @Test
  void idleAndConstantLoadPointsDoNotProduceAFit() {
    List<CalibrationSample> samples = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      samples.add(new CalibrationSample("idle", 0, Duration.ZERO, 0, Duration.ZERO)); // no traffic
      samples.add(new CalibrationSample("flat", 8, ms(14), 1000, ms(70))); // one load level only
    }
    Calibration cal = new OnlineCalibrator(PRIOR, 5, 10, 100).fit(samples);

    assertThat(cal.itl().sampleCount()).isEqualTo(20);
    assertThat(cal.itl().rejectedBecause()).hasValueSatisfying(w -> assertThat(w).contains("did not vary"));
    assertThat(cal.blended()).isEqualTo(PRIOR);
  }

  @Test
  void historyKeepsOnlyTheNewestSamples() {
    OnlineCalibrator calibrator = new OnlineCalibrator(PRIOR, 5, 0, 50);
    calibrator.record(synthetic(200, 0.050, 0.0020, 0.05, 0.02, 0.0, 3)); // old regime, pushed out
    calibrator.record(synthetic(50, 0.010, 0.0004, 0.05, 0.02, 0.0, 4));

    Calibration cal = calibrator.calibration();
    assertThat(cal.sampleCount()).isEqualTo(50);
    assertThat(sec(cal.blended().itlBase())).isCloseTo(0.010, within(1e-8));
    assertThat(sec(cal.blended().itlAt(10))).isCloseTo(0.014, within(1e-8));
  }
}
