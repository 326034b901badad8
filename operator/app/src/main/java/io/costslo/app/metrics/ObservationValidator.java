package io.costslo.app.metrics;

import static io.costslo.app.metrics.MetricsReasons.CONTRADICTORY_METRICS;
import static io.costslo.app.metrics.MetricsReasons.NOT_A_NUMBER;
import static io.costslo.app.metrics.MetricsReasons.NO_DATA;
import static io.costslo.app.metrics.MetricsReasons.STALE_METRICS;

import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import io.costslo.core.units.Durations;
import io.costslo.core.units.RequestsPerSecond;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The one gate between raw figures and an {@link Observation}: fail static. Anything missing,
 * stale, NaN or impossible throws {@link MetricsUnavailableException} naming the figure and where
 * it came from, so the reconciler holds its plan instead of acting on garbage.
 */
public final class ObservationValidator {
  /** Float noise allowance for "KV usage ≤ 1". */
  private static final double KV_SLACK = 1e-6;

  private final Duration maxSampleAge;
  private final double maxOutputTokensPerPodSecond;

  /** @param maxSampleAge oldest a newest sample may be before the figures count as stale */
  public ObservationValidator(Duration maxSampleAge) {
    this(maxSampleAge, PodScrapeMetricsSource.Settings.ANY_REPLICA_MAX_TOKENS_PER_SECOND);
  }

  /**
   * @param maxOutputTokensPerPodSecond most output tokens one replica can produce per second; more
   *     per ready pod on average is implausible
   */
  public ObservationValidator(Duration maxSampleAge, double maxOutputTokensPerPodSecond) {
    if (maxSampleAge.isNegative() || maxSampleAge.isZero()) {
      throw new IllegalArgumentException("max sample age must be positive, got " + maxSampleAge);
    }
    this.maxSampleAge = maxSampleAge;
    this.maxOutputTokensPerPodSecond = maxOutputTokensPerPodSecond;
  }

  public Duration maxSampleAge() {
    return maxSampleAge;
  }

  /** Checks the figures and builds the Observation. */
  public Observation validate(MetricFigures f, Instant now) throws MetricsUnavailableException {
    String where = f.where();
    if (f.readyPods() <= 0) {
      throw new MetricsUnavailableException(NO_DATA, "no ready pods with metrics (" + where + ")");
    }
    requireFresh(f.newestSample(), now, where);
    if (f.window() == null || f.window().isNegative() || f.window().isZero()) {
      throw new MetricsUnavailableException(NO_DATA, "empty window " + f.window() + " (" + where + ")");
    }
    double rate = nonNegative("request rate", f.requestRate(), where);
    double prompt = nonNegative("prompt token rate", f.promptTokenRate(), where);
    double output = nonNegative("output token rate", f.outputTokenRate(), where);
    if (output > maxOutputTokensPerPodSecond * f.readyPods()) {
      throw new MetricsUnavailableException(MetricsReasons.IMPLAUSIBLE_METRICS, String.format(java.util.Locale.ROOT,
          "%.3g output tokens/s from %d ready pods is more than they can produce (%.3g each) (%s)", output,
          f.readyPods(), maxOutputTokensPerPodSecond, where));
    }
    double running = nonNegative("running requests", f.running(), where);
    double waiting = nonNegative("waiting requests", f.waiting(), where);
    double kv = fraction("KV-cache usage", f.kvCacheUsage(), where);
    Optional<Duration> ttft = latency("TTFT", f.ttftSeconds(), where);
    Optional<Duration> itl = latency("ITL", f.itlSeconds(), where);
    if (!(f.percentile() > 0 && f.percentile() < 1)) {
      throw new MetricsUnavailableException(CONTRADICTORY_METRICS,
          "percentile " + f.percentile() + " is not inside (0, 1) (" + where + ")");
    }
    // Means per request; with no finished request there is no length to report.
    TokenLengths input = lengths(rate > 0 ? prompt / rate : 0, f.promptP99(), "prompt length p99", where);
    TokenLengths outputLengths = lengths(rate > 0 ? output / rate : 0, f.outputP99(), "output length p99", where);
    Load load = new Load(RequestsPerSecond.of(rate), input, outputLengths);
    Optional<Double> attainment = f.attainment().isEmpty() ? Optional.empty()
        : Optional.of(Math.min(1.0, fraction("attainment", f.attainment().getAsDouble(), where)));
    return new Observation(f.newestSample(), f.window(), load, ttft, itl, f.percentile(), running, waiting,
        Math.min(kv, 1.0), f.readyPods(), f.samples()).withExtras(Optional.empty(), attainment, Optional.empty());
  }

  /** Throws StaleMetrics when {@code sampleTime} is older than the allowed age at {@code now}. */
  public void requireFresh(Instant sampleTime, Instant now, String where) throws MetricsUnavailableException {
    if (sampleTime == null) {
      throw new MetricsUnavailableException(NO_DATA, "no sample time (" + where + ")");
    }
    Duration age = Duration.between(sampleTime, now);
    if (age.compareTo(maxSampleAge) > 0) {
      throw new MetricsUnavailableException(STALE_METRICS,
          "newest sample is " + age.toSeconds() + "s old, more than the allowed " + maxSampleAge.toSeconds()
              + "s (taken " + sampleTime + ") (" + where + ")");
    }
  }

  /** Throws NotANumber for NaN/±Inf and ContradictoryMetrics for a negative value. */
  public static double nonNegative(String what, double value, String where) throws MetricsUnavailableException {
    finite(what, value, where);
    if (value < 0) {
      throw new MetricsUnavailableException(CONTRADICTORY_METRICS,
          what + " is negative (" + value + ") (" + where + ")");
    }
    return value;
  }

  /** A fraction 0..1 (with float slack): NotANumber or ContradictoryMetrics otherwise. */
  public static double fraction(String what, double value, String where) throws MetricsUnavailableException {
    nonNegative(what, value, where);
    if (value > 1 + KV_SLACK) {
      throw new MetricsUnavailableException(CONTRADICTORY_METRICS,
          what + " " + value + " is above 1 (a fraction is expected) (" + where + ")");
    }
    return value;
  }

  public static double finite(String what, double value, String where) throws MetricsUnavailableException {
    if (Double.isNaN(value)) {
      throw new MetricsUnavailableException(NOT_A_NUMBER, what + " is NaN (" + where + ")");
    }
    if (Double.isInfinite(value)) {
      throw new MetricsUnavailableException(NOT_A_NUMBER, what + " is infinite (" + where + ")");
    }
    return value;
  }

  /** The mean with the measured tail (never below the mean: the histogram's buckets are coarse). */
  private static TokenLengths lengths(double mean, OptionalDouble p99, String what, String where)
      throws MetricsUnavailableException {
    if (p99.isEmpty()) {
      return TokenLengths.ofMean(mean);
    }
    return new TokenLengths(mean, Math.max(mean, nonNegative(what, p99.getAsDouble(), where)));
  }

  private static Optional<Duration> latency(String what, OptionalDouble seconds, String where)
      throws MetricsUnavailableException {
    if (seconds.isEmpty()) {
      return Optional.empty();
    }
    double s = nonNegative(what, seconds.getAsDouble(), where);
    return Optional.of(Durations.ofSeconds(s));
  }
}
