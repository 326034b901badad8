package io.costslo.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.metrics.Observation.CalibrationSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileCalibratorTest {
  private static final ReplicaProfile PRIOR = BuiltInProfiles.LLAMA_8B_H100;

  /** Samples a pod running {@code truth} would report. */
  private static List<CalibrationSample> samplesFrom(ReplicaProfile truth, double... batches) {
    List<CalibrationSample> out = new ArrayList<>();
    for (double n : batches) {
      double promptRate = 2000; // prompt tokens per second
      double stepMillis = (truth.baseMillis() + truth.perSequenceMillis() * n)
          / (1 - truth.perPrefillTokenMillis() / 1000 * promptRate);
      out.add(new CalibrationSample("pod-" + out.size(), n, Duration.ofNanos(Math.round(stepMillis * 1e6)), promptRate,
          Duration.ofMillis(100)));
    }
    return out;
  }

  @Test
  void recoversTheDecodeCoefficientsOfTheRealPod() {
    ReplicaProfile truth = new ReplicaProfile("t", "H100", 1, 11.0, 0.2, PRIOR.perPrefillTokenMillis(), 1000, "t");
    ProfileCalibrator.Calibration c = ProfileCalibrator.calibrate(PRIOR, samplesFrom(truth, 4, 10, 20, 40), 3);
    assertThat(c.applied()).isTrue();
    assertThat(c.profile().baseMillis()).isCloseTo(11.0, within(1e-3));
    assertThat(c.profile().perSequenceMillis()).isCloseTo(0.2, within(1e-4));
    assertThat(c.profile().kvCacheTokens()).isEqualTo(PRIOR.kvCacheTokens());
    assertThat(c.profile().source()).contains("calibrated");
  }

  @Test
  void keepsThePriorWithTooFewSamples() {
    ProfileCalibrator.Calibration c = ProfileCalibrator.calibrate(PRIOR, samplesFrom(PRIOR, 8), 3);
    assertThat(c.applied()).isFalse();
    assertThat(c.profile()).isSameAs(PRIOR);
  }

  @Test
  void fitsOnlyTheBaseWhenTheBatchHardlyVaries() {
    ReplicaProfile truth = new ReplicaProfile("t", "H100", 1, 12.0, PRIOR.perSequenceMillis(),
        PRIOR.perPrefillTokenMillis(), 1000, "t");
    ProfileCalibrator.Calibration c = ProfileCalibrator.calibrate(PRIOR, samplesFrom(truth, 10, 10.5, 11), 3);
    assertThat(c.applied()).isTrue();
    assertThat(c.profile().perSequenceMillis()).isEqualTo(PRIOR.perSequenceMillis());
    assertThat(c.profile().baseMillis()).isCloseTo(12.0, within(1e-3));
  }

  @Test
  void ignoresIdleAndBrokenSamples() {
    List<CalibrationSample> samples = new ArrayList<>(samplesFrom(PRIOR, 5, 15, 30));
    samples.add(new CalibrationSample("idle", 0, Duration.ZERO, 0, Duration.ZERO));
    samples.add(new CalibrationSample("nan", Double.NaN, Duration.ofMillis(10), 0, Duration.ZERO));
    ProfileCalibrator.Calibration c = ProfileCalibrator.calibrate(PRIOR, samples, 3);
    assertThat(c.samplesUsed()).isEqualTo(3);
    assertThat(c.profile().baseMillis()).isCloseTo(PRIOR.baseMillis(), within(1e-3));
  }
}
