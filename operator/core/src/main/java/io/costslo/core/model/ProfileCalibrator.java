package io.costslo.core.model;

import io.costslo.core.metrics.Observation.CalibrationSample;
import java.util.List;

/**
 * Refits a profile's decode coefficients (base and perSequence) to what the pods report, keeping
 * the prefill coefficient and KV capacity from the prior profile.
 *
 * <p>Each sample is one pod's window average: running batch n, mean ITL t and prompt tokens per
 * second r. Under the step model t = base + perSeq*n + perTok*(r*t) (prefill spread over steps),
 * so y = t*(1 - perTok*r) = base + perSeq*n is linear in n and fitted by least squares. With too
 * little spread in n, or a fit that is not physical (negative slope or intercept), only base is
 * refitted with the prior perSeq; if even that is not physical the prior is kept.
 */
public final class ProfileCalibrator {

  private ProfileCalibrator() {}

  /**
   * The result of one calibration.
   *
   * @param profile the profile to use (the prior when not applied)
   * @param applied whether the samples changed the profile
   * @param samplesUsed samples that passed the sanity filter
   * @param note one sentence for logs and status
   */
  public record Calibration(ReplicaProfile profile, boolean applied, int samplesUsed, String note) {}

  /** Minimum spread of the running batch across samples to fit a slope. */
  private static final double MIN_BATCH_SPREAD = 2.0;

  public static Calibration calibrate(ReplicaProfile prior, List<CalibrationSample> samples, int minSamples) {
    double perTokSeconds = prior.perPrefillTokenMillis() / 1000.0;
    int n = 0;
    double sumX = 0;
    double sumY = 0;
    double sumXX = 0;
    double sumXY = 0;
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    for (CalibrationSample s : samples) {
      double itlMillis = s.meanItl() == null ? Double.NaN : s.meanItl().toNanos() / 1e6;
      double batch = s.meanRunningBatch();
      double busy = 1.0 - perTokSeconds * s.promptTokensPerSecond();
      if (!(itlMillis > 0) || !(batch > 0) || !Double.isFinite(batch) || !(busy > 0) || !Double.isFinite(itlMillis)) {
        continue; // idle pod, missing figure, or prefill load the prior says is impossible
      }
      double y = itlMillis * busy;
      n++;
      sumX += batch;
      sumY += y;
      sumXX += batch * batch;
      sumXY += batch * y;
      minX = Math.min(minX, batch);
      maxX = Math.max(maxX, batch);
    }
    if (n < Math.max(1, minSamples)) {
      return new Calibration(prior, false, n, "kept prior: " + n + " usable samples, need " + minSamples);
    }
    double meanX = sumX / n;
    double meanY = sumY / n;
    if (maxX - minX >= MIN_BATCH_SPREAD) {
      double slope = (sumXY - n * meanX * meanY) / (sumXX - n * meanX * meanX);
      double intercept = meanY - slope * meanX;
      if (slope >= 0 && intercept > 0) {
        return new Calibration(with(prior, intercept, slope, n), true, n,
            String.format("fitted base %.3f ms, perSequence %.4f ms from %d samples", intercept, slope, n));
      }
    }
    double base = meanY - prior.perSequenceMillis() * meanX;
    if (base > 0) {
      return new Calibration(with(prior, base, prior.perSequenceMillis(), n), true, n,
          String.format("fitted base %.3f ms with prior perSequence from %d samples", base, n));
    }
    return new Calibration(prior, false, n, "kept prior: samples imply a non-positive base step");
  }

  private static ReplicaProfile with(ReplicaProfile prior, double baseMillis, double perSequenceMillis, int samples) {
    return new ReplicaProfile(prior.name(), prior.gpuType(), prior.gpusPerReplica(), baseMillis, perSequenceMillis,
        prior.perPrefillTokenMillis(), prior.kvCacheTokens(),
        "calibrated online from " + samples + " pod samples; prior: " + prior.source());
  }
}
