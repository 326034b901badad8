package io.costslo.core.forecast;

import java.util.List;

/**
 * What the load forecaster remembers: the bucket being filled, the Holt-Winters level, trend and
 * one seasonal term per bucket of the season (a fixed-size ring indexed by time), and its recent
 * error. A plain record so a status- or ConfigMap-backed store can save it.
 *
 * @param openBucket index (epoch seconds / bucket length) of the bucket being filled; -1 before any
 * @param openSum sum of the rates seen in the open bucket
 * @param openCount rates seen in the open bucket
 * @param level smoothed deseasonalised rate, req/s
 * @param trend smoothed change of the level per bucket, req/s
 * @param seasonal additive seasonal term per position in the season (empty before the first bucket closes)
 * @param closedBuckets buckets learnt since the last reset
 * @param recentError smoothed relative error of the one-bucket-ahead forecasts, 0..1 (1 = untrusted)
 */
public record ForecastState(
    long openBucket,
    double openSum,
    int openCount,
    double level,
    double trend,
    List<Double> seasonal,
    long closedBuckets,
    double recentError) {

  public ForecastState {
    seasonal = List.copyOf(seasonal);
    if (openCount < 0 || closedBuckets < 0 || !(recentError >= 0) || !Double.isFinite(level + trend + openSum)) {
      throw new IllegalArgumentException("forecast state must hold finite, non-negative counts and errors");
    }
  }

  public static ForecastState empty() {
    return new ForecastState(-1, 0.0, 0, 0.0, 0.0, List.of(), 0, 1.0);
  }
}
