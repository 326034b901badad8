package io.costslo.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.units.RequestsPerSecond;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadForecasterTest {
  private static final LoadForecaster DAILY = new LoadForecaster(LoadForecaster.Options.daily());
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  private static final Duration COLD_START = Duration.ofMinutes(3);
  private static final double DAY = 86_400;

  /** Feeds one rate every 30 s for {@code seconds}, the rate a function of seconds since T0. */
  private static ForecastState feed(ForecastState s, long fromSecond, long seconds, DoubleUnaryOperator rate) {
    for (long t = fromSecond; t < fromSecond + seconds; t += 30) {
      s = DAILY.observe(s, T0.plusSeconds(t), RequestsPerSecond.of(Math.max(0, rate.applyAsDouble(t))));
    }
    return s;
  }

  private static double diurnal(double t) {
    return 20 + 15 * Math.sin(2 * Math.PI * t / DAY);
  }

  @Test
  void aSteadyRateIsForecastAsItselfAndTrusted() {
    ForecastState s = feed(ForecastState.empty(), 0, 6 * 3600, t -> 10);
    Forecast f = DAILY.forecast(s, T0.plusSeconds(6 * 3600), COLD_START);
    assertThat(f.peak()).hasValueSatisfying(p -> assertThat(p.value()).isCloseTo(10, within(1e-6)));
    assertThat(f.trusted()).isTrue();
  }

  @Test
  void aDailySeasonIsAnticipatedAfterAFewDays() {
    long start = 3 * 86_400;
    ForecastState s = feed(ForecastState.empty(), 0, start, LoadForecasterTest::diurnal);
    // Check the ramp of day 4 at every 5 minutes of its steepest rise (the hours around midnight).
    for (long t = start; t < start + 4 * 3600; t += 300) {
      s = feed(s, t, 300, LoadForecasterTest::diurnal);
      long now = t + 300;
      Forecast f = DAILY.forecast(s, T0.plusSeconds(now), COLD_START);
      double truthAhead = diurnal(now + COLD_START.getSeconds());
      assertThat(f.trusted()).as("trusted at %d s", now).isTrue();
      assertThat(f.peak().orElseThrow().value()).as("forecast at %d s", now)
          .isGreaterThan(diurnal(now - 150)) // above the reactive figure of the rising ramp
          .isCloseTo(truthAhead, within(0.05 * truthAhead));
    }
  }

  @ParameterizedTest(name = "noise sigma {0}: trusted={1}")
  @CsvSource({"0.02, true", "1.0, false"})
  void aForecastThatKeepsMissingIsNotTrusted(double sigma, boolean trusted) {
    Random r = new Random(11);
    ForecastState s = ForecastState.empty();
    for (long t = 0; t < 6 * 3600; t += 300) {
      double rate = 10 * Math.exp(sigma * r.nextGaussian());
      s = feed(s, t, 300, x -> rate); // one level per bucket, so bucket means carry the noise
    }
    Forecast f = DAILY.forecast(s, T0.plusSeconds(6 * 3600), COLD_START);
    assertThat(f.trusted()).isEqualTo(trusted);
  }

  @Test
  void aSuddenRegimeChangeRevokesTrust() {
    ForecastState s = feed(ForecastState.empty(), 0, 6 * 3600, t -> 10);
    s = feed(s, 6 * 3600, 600, t -> 40);
    assertThat(DAILY.forecast(s, T0.plusSeconds(6 * 3600 + 600), COLD_START).trusted()).isFalse();
  }

  @Test
  void theStateStaysTheSizeOfOneSeasonAndAGapLongerThanASeasonResets() {
    ForecastState s = feed(ForecastState.empty(), 0, 2 * 86_400, LoadForecasterTest::diurnal);
    assertThat(s.seasonal()).hasSize(288);
    assertThat(s.closedBuckets()).isEqualTo(2 * 288 - 1);
    ForecastState later = DAILY.observe(s, T0.plusSeconds(4 * 86_400), RequestsPerSecond.of(5));
    assertThat(later.closedBuckets()).isZero();
    assertThat(DAILY.forecast(later, T0.plusSeconds(4 * 86_400), COLD_START).peak()).isEmpty();
  }

  @Test
  void missingBucketsKeepTheSeasonAlignedToTime() {
    ForecastState s = feed(ForecastState.empty(), 0, 3600, t -> 10);
    ForecastState skipped = DAILY.observe(s, T0.plusSeconds(3600 + 1800), RequestsPerSecond.of(10));
    assertThat(skipped.openBucket()).isEqualTo(T0.plusSeconds(5400).getEpochSecond() / 300);
    assertThat(skipped.closedBuckets()).isEqualTo(s.closedBuckets() + 1);
  }

  @Test
  void forecastsAreNeverNegative() {
    Random r = new Random(5);
    ForecastState s = ForecastState.empty();
    for (long t = 0; t < 2 * 86_400; t += 30 + r.nextInt(600)) {
      s = DAILY.observe(s, T0.plusSeconds(t), RequestsPerSecond.of(r.nextInt(4) == 0 ? 0 : r.nextDouble() * 100));
      Forecast f = DAILY.forecast(s, T0.plusSeconds(t), Duration.ofSeconds(r.nextInt(1200)));
      f.peak().ifPresent(p -> assertThat(p.value()).isGreaterThanOrEqualTo(0));
      assertThat(f.recentError()).isBetween(0.0, 1.0);
    }
  }
}
