package io.costslo.core.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.metrics.Observation.CalibrationSample;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.model.ReplicaProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileCalibrationTest {
  private static final ReplicaProfile PRIOR = BuiltInProfiles.LLAMA_8B_H100;

  /** Pods whose steps take {@code factor} times what the prior predicts. */
  private static List<CalibrationSample> pods(double factor, int count) {
    List<CalibrationSample> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double batch = 8 + 12 * i;
      double millis = factor * PRIOR.iterationMillis(batch, 0);
      out.add(new CalibrationSample("p" + i, batch, Duration.ofNanos(Math.round(millis * 1e6)), 2000,
          Duration.ofMillis(300)));
    }
    return out;
  }

  @Test
  void fewPointsKeepThePrior() {
    assertThat(ProfileCalibration.report(PRIOR, pods(2, 3), java.time.Instant.EPOCH).applied()).isFalse();
    assertThat(ProfileCalibration.profile(PRIOR, pods(2, 3))).isEqualTo(PRIOR);
  }

  @Test
  void slowerPodsMakeASlowerProfileShrunkTowardsThePrior() {
    List<CalibrationSample> points = List.of();
    for (int cycle = 0; cycle < 10; cycle++) {
      points = ProfileCalibration.append(points, pods(2, 4));
    }
    ReplicaProfile calibrated = ProfileCalibration.profile(PRIOR, points);
    assertThat(calibrated.baseMillis()).isGreaterThan(PRIOR.baseMillis()).isLessThan(2 * PRIOR.baseMillis());
    assertThat(calibrated.perSequenceMillis()).isGreaterThan(PRIOR.perSequenceMillis());
  }

  @Test
  void prefillCarriedByDecodeStepsIsNotFittedAsPerSequenceTime() {
    // Pods that run exactly the prior's step model, prefilling more prompt tokens as the batch grows.
    List<CalibrationSample> points = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      double batch = 4 + i;
      double promptPerSecond = 300 * batch;
      double stepSeconds = (PRIOR.baseMillis() + PRIOR.perSequenceMillis() * batch) / 1000.0
          / (1 - PRIOR.perPrefillTokenMillis() / 1000.0 * promptPerSecond);
      points.add(new CalibrationSample("p", batch, Duration.ofNanos(Math.round(stepSeconds * 1e9)), promptPerSecond,
          Duration.ofMillis(300)));
    }
    ReplicaProfile calibrated = ProfileCalibration.profile(PRIOR, points);
    assertThat(calibrated.baseMillis()).isCloseTo(PRIOR.baseMillis(), org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(calibrated.perSequenceMillis())
        .isCloseTo(PRIOR.perSequenceMillis(), org.assertj.core.data.Percentage.withPercentage(1));
  }

  @Test
  void termsAnItlFitCannotSeeStayThePriors() {
    ReplicaProfile prior = BuiltInProfiles.LLAMA_8B_A100;
    List<CalibrationSample> points = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      double batch = 4 + i;
      double millis = 1.5 * prior.iterationMillis(batch, 0);
      points.add(new CalibrationSample("p", batch, Duration.ofNanos(Math.round(millis * 1e6)), 2000,
          Duration.ofMillis(300)));
    }
    ReplicaProfile calibrated = ProfileCalibration.profile(prior, points);
    assertThat(calibrated.name()).endsWith("+calibrated");
    assertThat(calibrated.perPrefillPairMillis()).isEqualTo(prior.perPrefillPairMillis());
    assertThat(calibrated.perDenseTokenMillis()).isEqualTo(prior.perDenseTokenMillis());
    assertThat(calibrated.smallStepMaxTokens()).isEqualTo(prior.smallStepMaxTokens()).isPositive();
    assertThat(calibrated.smallStepPerPrefillTokenMillis()).isEqualTo(prior.smallStepPerPrefillTokenMillis());
  }

  @Test
  void appendKeepsTheNewestPoints() {
    List<CalibrationSample> points = List.of();
    for (int cycle = 0; cycle < 100; cycle++) {
      points = ProfileCalibration.append(points, pods(1, 4));
    }
    assertThat(points).hasSize(ProfileCalibration.MAX_SAMPLES);
  }

  @Test
  void thePriorKeyTellsProfilesApart() {
    assertThat(ProfileCalibration.priorKey(PRIOR)).isEqualTo(ProfileCalibration.priorKey(PRIOR))
        .isNotEqualTo(ProfileCalibration.priorKey(BuiltInProfiles.LLAMA_8B_A100));
  }
}
