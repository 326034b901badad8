package io.costslo.core.metrics;

import io.costslo.core.load.Load;
import io.costslo.core.units.RequestsPerSecond;
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
 * @param arrivalRate requests arriving per second, where the engine counts at arrival; empty when
 *     only completions are counted ({@code load.rate()} is then the completion rate)
 * @param attainment fraction of the window's requests that met both objectives (e.g. from histogram
 *     buckets at the objectives); empty when not measured
 * @param arrivalDispersion index of dispersion (variance over mean) of arrival counts over short
 *     sub-windows: 1 for Poisson, above 1 for bursty traffic; empty when not measured
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
    List<CalibrationSample> samples,
    Optional<RequestsPerSecond> arrivalRate,
    Optional<Double> attainment,
    Optional<Double> arrivalDispersion) {

  public Observation {
    samples = List.copyOf(samples);
    arrivalRate = arrivalRate == null ? Optional.empty() : arrivalRate;
    attainment = attainment == null ? Optional.empty() : attainment;
    arrivalDispersion = arrivalDispersion == null ? Optional.empty() : arrivalDispersion;
    attainment.ifPresent(a -> {
      if (!(a >= 0 && a <= 1)) {
        throw new IllegalArgumentException("attainment must be in [0, 1], got " + a);
      }
    });
    arrivalDispersion.ifPresent(d -> {
      if (!(d >= 0) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("arrivalDispersion must be finite and >= 0, got " + d);
      }
    });
  }

  /** An observation without the optional arrival, attainment and burstiness figures. */
  public Observation(Instant takenAt, Duration window, Load load, Optional<Duration> ttft, Optional<Duration> itl,
      double percentile, double runningRequests, double waitingRequests, double kvCacheUsage, int readyPods,
      List<CalibrationSample> samples) {
    this(takenAt, window, load, ttft, itl, percentile, runningRequests, waitingRequests, kvCacheUsage, readyPods,
        samples, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The same observation with the optional figures set (each may be empty). */
  public Observation withExtras(Optional<RequestsPerSecond> arrivals, Optional<Double> attained,
      Optional<Double> dispersion) {
    return new Observation(takenAt, window, load, ttft, itl, percentile, runningRequests, waitingRequests,
        kvCacheUsage, readyPods, samples, arrivals, attained, dispersion);
  }

  /**
   * One replica's averages over the window: the running batch with the ITL it saw, and the prefill
   * tokens per second with the TTFT it saw. Used to fit the iteration-time coefficients online.
   */
  public record CalibrationSample(
      String pod, double meanRunningBatch, Duration meanItl, double promptTokensPerSecond, Duration meanTtft) {}
}
