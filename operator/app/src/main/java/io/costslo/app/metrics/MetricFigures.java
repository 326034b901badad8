package io.costslo.app.metrics;

import io.costslo.core.metrics.Observation.CalibrationSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Raw figures one source read for one cycle, before any check. Both sources fill this and hand it
 * to {@link ObservationValidator}, which is the only place that decides whether they are usable.
 *
 * @param where what was read, for messages: e.g. "Prometheus http://prom:9090 namespace=a deployment=b"
 * @param newestSample when the newest sample was taken
 * @param window span the rates and quantiles cover
 * @param requestRate finished requests per second
 * @param promptTokenRate prompt tokens per second
 * @param outputTokenRate generated tokens per second
 * @param ttftSeconds TTFT quantile; empty when the window held no finished request
 * @param itlSeconds ITL quantile; empty when the window held no generated token after a first
 * @param percentile the quantile, 0..1
 * @param running running requests, summed over pods
 * @param waiting waiting requests, summed over pods
 * @param kvCacheUsage KV-cache usage fraction, mean over pods
 * @param readyPods pods counted
 * @param samples per-pod calibration points
 * @param attainment share of the window's requests within both latency objectives (the smaller of
 *     the TTFT and the ITL share); empty when not measured
 * @param promptP99 p99 prompt length in tokens from the length histogram; empty when not measured
 * @param outputP99 p99 output length in tokens; empty when not measured
 */
public record MetricFigures(
    String where,
    Instant newestSample,
    Duration window,
    double requestRate,
    double promptTokenRate,
    double outputTokenRate,
    OptionalDouble ttftSeconds,
    OptionalDouble itlSeconds,
    double percentile,
    double running,
    double waiting,
    double kvCacheUsage,
    int readyPods,
    List<CalibrationSample> samples,
    OptionalDouble attainment,
    OptionalDouble promptP99,
    OptionalDouble outputP99) {

  public MetricFigures {
    samples = List.copyOf(samples);
  }

  /** Figures without the measured attainment and length tails. */
  public MetricFigures(String where, Instant newestSample, Duration window, double requestRate,
      double promptTokenRate, double outputTokenRate, OptionalDouble ttftSeconds, OptionalDouble itlSeconds,
      double percentile, double running, double waiting, double kvCacheUsage, int readyPods,
      List<CalibrationSample> samples) {
    this(where, newestSample, window, requestRate, promptTokenRate, outputTokenRate, ttftSeconds, itlSeconds,
        percentile, running, waiting, kvCacheUsage, readyPods, samples, OptionalDouble.empty(),
        OptionalDouble.empty(), OptionalDouble.empty());
  }
}
