package io.costslo.app.operator;

import io.costslo.api.v1alpha1.CalibrationStatus;
import io.costslo.api.v1alpha1.Durations;
import io.costslo.core.calibration.Calibration;
import io.costslo.core.calibration.IterationCoefficients;
import io.costslo.core.calibration.OnlineCalibrator;
import io.costslo.core.metrics.Observation;
import io.costslo.core.model.ReplicaProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Online calibration per policy: each cycle's per-pod (running batch, ITL) points refine the
 * profile's step-time coefficients, shrunk towards the built-in prior by sample count. The fit
 * from one cycle is used from the next. Only ITL feeds the model: the profile's prefill
 * coefficient is per token, while the TTFT fit is against prefill load and is shown for insight.
 */
final class ProfileCalibrations {
  static final int MIN_SAMPLES = 8;
  static final double PRIOR_STRENGTH = 20;
  static final int MAX_SAMPLES = 240;

  private record Entry(ReplicaProfile prior, OnlineCalibrator calibrator) {}

  private final Map<String, Entry> byPolicy = new ConcurrentHashMap<>();

  /** The profile to decide with: calibrated when enough points have been seen, the prior otherwise. */
  ReplicaProfile profile(String policyUid, ReplicaProfile prior) {
    Calibration c = entry(policyUid, prior).calibrator().calibration();
    if (!c.itl().accepted()) {
      return prior;
    }
    IterationCoefficients b = c.blended();
    return new ReplicaProfile(prior.name() + "+calibrated", prior.gpuType(), prior.gpusPerReplica(),
        millis(b.itlBase()), millis(b.itlPerRunningRequest()), prior.perPrefillTokenMillis(), prior.kvCacheTokens(),
        prior.source() + "; ITL coefficients calibrated online from " + c.itl().sampleCount() + " points");
  }

  /** Adds this cycle's points and describes the fit for status. */
  CalibrationStatus record(String policyUid, ReplicaProfile prior, List<Observation.CalibrationSample> samples,
      Instant now) {
    OnlineCalibrator calibrator = entry(policyUid, prior).calibrator();
    calibrator.record(samples);
    Calibration c = calibrator.calibration();
    CalibrationStatus s = new CalibrationStatus();
    s.samples = c.itl().sampleCount();
    s.applied = c.itl().accepted();
    s.reason = c.itl().rejectedBecause().orElse("fit weight " + String.format(java.util.Locale.ROOT, "%.2f",
        c.itl().dataWeight()) + " against the built-in prior");
    IterationCoefficients used = s.applied ? c.blended() : c.prior();
    s.baseIterationTime = Durations.format(used.itlBase());
    s.perSequenceTime = Durations.format(used.itlPerRunningRequest());
    s.perPrefillTokenTime = Durations.format(Duration.ofNanos(Math.round(prior.perPrefillTokenMillis() * 1e6)));
    s.fittedAt = now.toString();
    return s;
  }

  void forget(String policyUid) {
    byPolicy.remove(policyUid);
  }

  private Entry entry(String uid, ReplicaProfile prior) {
    // A new prior (the policy changed its profile) starts the history over.
    return byPolicy.compute(uid, (k, old) -> old != null && old.prior().equals(prior) ? old
        : new Entry(prior, new OnlineCalibrator(prior(prior), MIN_SAMPLES, PRIOR_STRENGTH, MAX_SAMPLES)));
  }

  static IterationCoefficients prior(ReplicaProfile p) {
    // TTFT prior: one step prefilling a 1k-token prompt, growing by the prefill cost of 1k tokens/s.
    return new IterationCoefficients(nanos(p.baseMillis()), nanos(p.perSequenceMillis()),
        nanos(p.iterationMillis(1, 1000)), nanos(p.perPrefillTokenMillis() * 1000));
  }

  private static Duration nanos(double millis) {
    return Duration.ofNanos(Math.round(millis * 1e6));
  }

  private static double millis(Duration d) {
    return d.toNanos() / 1e6;
  }
}
