package io.costslo.core.model;

import java.time.Duration;
import java.util.Optional;

/**
 * Predicted steady state of a fleet of identical replicas.
 *
 * @param saturated true when the offered load meets or exceeds capacity (utilisation >= 1) or one
 *     request does not fit in the KV cache; latencies are then infinite
 * @param ttftMillis time to first token at the percentile, ms (infinite when saturated)
 * @param itlMillis inter-token latency at the percentile, ms (infinite when saturated)
 * @param utilisation offered load over the replica's maximum throughput at the effective batch cap
 * @param meanRunningBatch mean running sequences per replica (Little's law)
 * @param effectiveBatchCap min(batch cap, sequences that fit in the KV cache)
 */
public record LatencyPrediction(
    boolean saturated,
    double ttftMillis,
    double itlMillis,
    double utilisation,
    double meanRunningBatch,
    int effectiveBatchCap) {

  public static LatencyPrediction saturated(double utilisation, int effectiveBatchCap) {
    return new LatencyPrediction(true, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
        utilisation, Double.POSITIVE_INFINITY, effectiveBatchCap);
  }

  /** TTFT at the percentile; empty when unbounded. */
  public Optional<Duration> ttft() {
    return toDuration(ttftMillis);
  }

  /** ITL at the percentile; empty when unbounded. */
  public Optional<Duration> itl() {
    return toDuration(itlMillis);
  }

  private static Optional<Duration> toDuration(double millis) {
    if (!Double.isFinite(millis) || millis > 1e12) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(Math.round(millis * 1_000_000.0)));
  }
}
