package io.costslo.core.forecast;

import io.costslo.core.units.RequestsPerSecond;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Forecasts the request rate over the next cold-start horizon with Holt-Winters' additive method
 * (Holt 1957, Winters 1960; as in Hyndman and Athanasopoulos, "Forecasting: Principles and
 * Practice", 3rd ed., section 8.3): level, trend and one seasonal term per bucket of the season.
 *
 * <p>Why this method: inference traffic has a daily season and ramps within it; the method captures
 * both with O(1) work per bucket and a fixed-size state (one number per bucket of the season), needs
 * no fitting library and is easy to persist. Dynamo's planner offers ARIMA, Prophet and Kalman
 * predictors; those cost more per step and need more history for the same two effects.
 *
 * <p>Rates are averaged per bucket; a bucket is learnt when the first rate of a later bucket arrives.
 * The season is aligned to absolute time (bucket index modulo the season length), so a missed cycle
 * does not shift it; a gap longer than a season resets the forecaster. The recent error is a
 * smoothed relative error of each closed bucket against its one-bucket-ahead forecast; the forecast
 * is trusted only with {@code minBuckets} of history and a recent error at most {@code maxError},
 * otherwise the caller falls back to reactive sizing.
 */
public final class LoadForecaster {

  /**
   * @param bucket length of one bucket, >= 1 s
   * @param seasonBuckets buckets per season, 1..4032 (e.g. 288 five-minute buckets for a day)
   * @param alpha level smoothing, (0, 1)
   * @param beta trend smoothing, [0, 1)
   * @param gamma seasonal smoothing, [0, 1)
   * @param errorSmoothing weight of the newest error, (0, 1]
   * @param maxError largest recent relative error at which the forecast is trusted
   * @param minBuckets history needed before the forecast is trusted
   * @param rateFloor rates below this count as this much in relative errors, req/s (so idle
   *     buckets do not make every error huge)
   */
  public record Options(Duration bucket, int seasonBuckets, double alpha, double beta, double gamma,
      double errorSmoothing, double maxError, int minBuckets, double rateFloor) {
    public Options {
      if (bucket == null || bucket.getSeconds() < 1) {
        throw new IllegalArgumentException("forecast bucket must be at least 1s");
      }
      if (seasonBuckets < 1 || seasonBuckets > 4032) {
        throw new IllegalArgumentException("forecast seasonBuckets must be in [1, 4032], got " + seasonBuckets);
      }
      if (!(alpha > 0 && alpha < 1) || !(beta >= 0 && beta < 1) || !(gamma >= 0 && gamma < 1)) {
        throw new IllegalArgumentException("forecast smoothing needs 0 < alpha < 1, 0 <= beta, gamma < 1");
      }
      if (!(errorSmoothing > 0 && errorSmoothing <= 1) || !(maxError > 0) || minBuckets < 1 || !(rateFloor > 0)) {
        throw new IllegalArgumentException("forecast error options out of range");
      }
    }

    /** Five-minute buckets, a daily season, trusted after an hour with a recent error up to 20%. */
    public static Options daily() {
      return new Options(Duration.ofMinutes(5), 288, 0.3, 0.05, 0.3, 0.3, 0.2, 12, 0.1);
    }
  }

  private final Options options;

  public LoadForecaster(Options options) {
    this.options = options;
  }

  public Options options() {
    return options;
  }

  /** Adds one observed rate at {@code now}; closes (learns) the open bucket when {@code now} is past it. */
  public ForecastState observe(ForecastState state, Instant now, RequestsPerSecond rate) {
    long index = Math.floorDiv(now.getEpochSecond(), options.bucket().getSeconds());
    if (state.openBucket() < 0 || index < state.openBucket()) {
      return open(ForecastState.empty(), index, rate.value()); // first rate, or the clock went back
    }
    if (index == state.openBucket()) {
      return new ForecastState(index, state.openSum() + rate.value(), state.openCount() + 1, state.level(),
          state.trend(), state.seasonal(), state.closedBuckets(), state.recentError());
    }
    ForecastState learnt = learn(state, state.openBucket(), state.openSum() / state.openCount());
    long gap = index - state.openBucket() - 1;
    if (gap >= options.seasonBuckets()) {
      return open(ForecastState.empty(), index, rate.value()); // too stale to carry on
    }
    // Missing buckets: the level moves on along the trend, nothing else is learnt.
    double level = learnt.level() + learnt.trend() * gap;
    return open(new ForecastState(index, 0, 0, level, learnt.trend(), learnt.seasonal(), learnt.closedBuckets(),
        learnt.recentError()), index, rate.value());
  }

  /** The forecast over the buckets from now to {@code now + horizon}. */
  public Forecast forecast(ForecastState state, Instant now, Duration horizon) {
    if (state.closedBuckets() == 0) {
      return new Forecast(Optional.empty(), state.recentError(), false);
    }
    long bucketSeconds = options.bucket().getSeconds();
    long last = state.openBucket() - 1; // the newest learnt bucket
    long from = Math.floorDiv(now.getEpochSecond(), bucketSeconds);
    long to = Math.floorDiv(now.plus(horizon).getEpochSecond(), bucketSeconds);
    double peak = 0.0;
    for (long b = Math.max(from, last + 1); b <= to; b++) {
      peak = Math.max(peak, oneAhead(state, b, b - last));
    }
    boolean trusted = state.closedBuckets() >= options.minBuckets() && state.recentError() <= options.maxError();
    return new Forecast(Optional.of(RequestsPerSecond.of(peak)), state.recentError(), trusted);
  }

  private ForecastState open(ForecastState s, long index, double rate) {
    return new ForecastState(index, rate, 1, s.level(), s.trend(), s.seasonal(), s.closedBuckets(), s.recentError());
  }

  /** Holt-Winters additive update with bucket {@code index}'s mean rate {@code y}. */
  private ForecastState learn(ForecastState s, long index, double y) {
    int m = options.seasonBuckets();
    int pos = (int) Math.floorMod(index, (long) m);
    if (s.closedBuckets() == 0) {
      List<Double> zeros = new ArrayList<>(Collections.nCopies(m, 0.0));
      return new ForecastState(s.openBucket(), 0, 0, y, 0.0, zeros, 1, s.recentError());
    }
    double predicted = Math.max(0.0, s.level() + s.trend() + s.seasonal().get(pos));
    double error = Math.abs(y - predicted) / Math.max(options.rateFloor(), Math.max(y, predicted));
    double recent = (1 - options.errorSmoothing()) * s.recentError() + options.errorSmoothing() * Math.min(1.0, error);
    double season = s.seasonal().get(pos);
    double level = options.alpha() * (y - season) + (1 - options.alpha()) * (s.level() + s.trend());
    double trend = options.beta() * (level - s.level()) + (1 - options.beta()) * s.trend();
    List<Double> seasonal = new ArrayList<>(s.seasonal());
    seasonal.set(pos, options.gamma() * (y - level) + (1 - options.gamma()) * season);
    return new ForecastState(s.openBucket(), 0, 0, level, trend, seasonal, s.closedBuckets() + 1, recent);
  }

  /** The forecast for bucket {@code index}, {@code steps} buckets after the newest learnt one. */
  private double oneAhead(ForecastState s, long index, long steps) {
    int pos = (int) Math.floorMod(index, (long) options.seasonBuckets());
    return Math.max(0.0, s.level() + steps * s.trend() + s.seasonal().get(pos));
  }
}
