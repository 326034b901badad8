package io.costslo.core.metrics;

import io.costslo.core.load.Load;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the operator saw of one deployment over one window. Latency figures are at the policy's
 * percentile; empty when the window held no completed request.
 *
 * @param takenAt when the newest sample in the window was taken (for staleness)
 * @param window length of the window rates and quantiles were computed over
 * @param load observed request rate and token lengths
 * @param ttft time to first token at {@code percentile}
 * @param itl inter-token latency at {@code percentile}
 * @param percentile the quantile of ttft and itl, e.g. 0.99
 * @param runningRequests requests in the running batch, summed over ready pods (mean over window)
 * @param waitingRequests requests queued, summed over ready pods
 * @param kvCacheUsage fraction of KV-cache blocks in use, mean over ready pods, 0..1
 * @param readyPods pods that answered / were counted
 * @param samples per-pod points for online calibration of the replica model
 */
public record Observation(
    Instant takenAt,
    Duration window,
    Load load,
    Optional<Duration> ttft,
    Optional<Duration> itl,
    double percentile,
    double runningRequests,
    double waitingRequests,
    double kvCacheUsage,
    int readyPods,
    List<CalibrationSample> samples) {

  public Observation {
    samples = List.copyOf(samples);
  }

  /**
   * One replica's averages over the window: the running batch with the ITL it saw, and the prefill
   * tokens per second with the TTFT it saw. Used to fit the iteration-time coefficients online.
   */
  public record CalibrationSample(
      String pod, double meanRunningBatch, Duration meanItl, double promptTokensPerSecond, Duration meanTtft) {}
}
