package io.costslo.core.calibration;

import io.costslo.core.metrics.Observation.CalibrationSample;
import io.costslo.core.model.ReplicaProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Online calibration of a policy's replica profile from the per-pod (running batch, ITL) points of
 * past cycles, shrunk towards the built-in prior by sample count. A decode step also carries the
 * prompt tokens being prefilled alongside (step = base + perSeq x batch + perToken x prefill), so an
 * observed ITL is first reduced to its decode part: with P prompt tokens/s per pod, a step of length
 * ITL prefills P x ITL tokens, so decode = ITL x (1 - perToken x P), perToken from the prior. Without
 * it the prefill load, which grows with the batch, would be fitted as per-sequence time. Only the ITL fit feeds the model:
 * the profile's prefill coefficient is per token, while the TTFT fit is against prefill load and is
 * shown for insight. Stateless: the points live in the policy's state.
 */
public final class ProfileCalibration {
  public static final int MIN_SAMPLES = 8;
  public static final double PRIOR_STRENGTH = 20;
  /** Points kept per policy; older ones are dropped first. */
  public static final int MAX_SAMPLES = 240;

  private ProfileCalibration() {}

  /** What status shows of the calibration a cycle decided with. */
  public record Report(int samples, boolean applied, String reason, Duration baseIterationTime,
      Duration perSequenceTime, Duration perPrefillTokenTime, Instant fittedAt) {}

  /** Identifies a prior, so points collected against another one are not mixed in. */
  public static String priorKey(ReplicaProfile p) {
    return String.format(Locale.ROOT, "%s|%s|%.6g|%.6g|%.6g|%d", p.name(), p.gpuType(), p.baseMillis(),
        p.perSequenceMillis(), p.perPrefillTokenMillis(), p.kvCacheTokens());
  }

  /** The profile to decide with: calibrated when the points allow a fit, the prior otherwise. */
  public static ReplicaProfile profile(ReplicaProfile prior, List<CalibrationSample> points) {
    Calibration c = calibrate(prior, points);
    if (!c.itl().accepted()) {
      return prior;
    }
    IterationCoefficients b = c.blended();
    // The decode context term is absorbed by the fitted per-sequence time; the prefill attention, dense
    // and small-step prefill terms are not seen by an ITL fit at all and stay the prior's (dropping them made a long
    // prompt's prefill linear, so a calibrated profile served prompts of twice the length in time).
    return new ReplicaProfile(prior.name() + "+calibrated", prior.gpuType(), prior.gpusPerReplica(),
        millis(b.itlBase()), millis(b.itlPerRunningRequest()), prior.perPrefillTokenMillis(), prior.kvCacheTokens(),
        prior.source() + "; ITL coefficients calibrated online from " + c.itl().sampleCount() + " points",
        0.0, prior.perPrefillPairMillis(), prior.perDenseTokenMillis())
        .withSmallStepPrefill(prior.smallStepMaxTokens(), prior.smallStepPerPrefillTokenMillis());
  }

  /** The points with this cycle's appended, at most {@link #MAX_SAMPLES}, oldest dropped first. */
  public static List<CalibrationSample> append(List<CalibrationSample> points, List<CalibrationSample> added) {
    List<CalibrationSample> all = new ArrayList<>(points.size() + added.size());
    all.addAll(points);
    all.addAll(added);
    return all.size() <= MAX_SAMPLES ? all : List.copyOf(all.subList(all.size() - MAX_SAMPLES, all.size()));
  }

  /** Describes the fit over these points. */
  public static Report report(ReplicaProfile prior, List<CalibrationSample> points, Instant now) {
    Calibration c = calibrate(prior, points);
    boolean applied = c.itl().accepted();
    String reason = c.itl().rejectedBecause().orElse("fit weight " + String.format(Locale.ROOT, "%.2f",
        c.itl().dataWeight()) + " against the built-in prior");
    IterationCoefficients used = applied ? c.blended() : c.prior();
    return new Report(c.itl().sampleCount(), applied, reason, used.itlBase(), used.itlPerRunningRequest(),
        nanos(prior.perPrefillTokenMillis()), now);
  }

  static Calibration calibrate(ReplicaProfile prior, List<CalibrationSample> points) {
    OnlineCalibrator calibrator = new OnlineCalibrator(prior(prior), MIN_SAMPLES, PRIOR_STRENGTH, MAX_SAMPLES);
    calibrator.record(decodeOnly(prior, points));
    return calibrator.calibration();
  }

  /** Each point's ITL without the prefill work its steps carried (see the class comment). */
  static List<CalibrationSample> decodeOnly(ReplicaProfile prior, List<CalibrationSample> points) {
    double perTokenSeconds = prior.perPrefillTokenMillis() / 1000.0;
    List<CalibrationSample> out = new ArrayList<>(points.size());
    for (CalibrationSample s : points) {
      double share = 1 - perTokenSeconds * Math.max(0, s.promptTokensPerSecond());
      // A pod prefilling flat out has no decode time left to measure: it says nothing about decode.
      Duration itl = share > 0.05 ? Duration.ofNanos(Math.round(s.meanItl().toNanos() * share)) : Duration.ZERO;
      out.add(new CalibrationSample(s.pod(), s.meanRunningBatch(), itl, s.promptTokensPerSecond(), s.meanTtft()));
    }
    return out;
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
