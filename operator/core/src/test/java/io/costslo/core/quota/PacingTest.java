package io.costslo.core.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.units.TokensPerSecond;
import io.costslo.core.units.Usd;
import io.costslo.core.units.UsdPerHour;
import io.costslo.core.units.UsdPerMillionTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PacingTest {
  private static final Instant JUNE = Instant.parse("2026-06-01T00:00:00Z"); // a 30-day month

  /** A month of diurnal demand (peak 1.46x the mean, like ServeGen m-small) under a monthly limit. */
  private static double[] month(double demandOverLimit, double[] dayTwentySpent) {
    double limit = 30 * 24 * 100.0;
    QuotaLimits limits = QuotaLimits.perPeriod(
        new QuotaLimits.PeriodLimit(Period.MONTH, Usd.of(limit), ZoneOffset.UTC, 1));
    double mean = 100.0 * demandOverLimit;
    Duration step = Duration.ofMinutes(5);
    SpendLedger ledger = null;
    double served = 0;
    double wantedTotal = 0;
    double minRemainingBeforeLastDay = Double.MAX_VALUE;
    for (Instant t = JUNE; t.isBefore(JUNE.plus(Duration.ofDays(30))); t = t.plus(step)) {
      double hour = (t.getEpochSecond() - JUNE.getEpochSecond()) / 3600.0;
      UsdPerHour wanted = UsdPerHour.of(mean * (1 + 0.46 * Math.sin(2 * Math.PI * hour / 24)));
      ledger = ledger == null ? SpendLedger.open(JUNE, UsdPerHour.ZERO, wanted, t) : ledger;
      Pacing.Pace pace = Pacing.evaluate(limits, ledger, wanted, TokensPerSecond.ZERO, t);
      double spend = Math.min(wanted.value(), pace.available().orElseThrow().value());
      ledger = ledger.advance(JUNE, UsdPerHour.of(spend), wanted, t.plus(step));
      served += spend / 12;
      wantedTotal += wanted.value() / 12;
      if (hour < 29 * 24) {
        minRemainingBeforeLastDay = Math.min(minRemainingBeforeLastDay, limit - ledger.spent().value());
      }
      if (Math.abs(hour - 20 * 24) < 1e-9) {
        dayTwentySpent[0] = ledger.spent().value() / limit;
      }
    }
    return new double[] {ledger.spent().value() / limit, served / wantedTotal, minRemainingBeforeLastDay / limit};
  }

  @Test
  void overloadedMonthSpendsTheLimitEvenlyAndNeverRunsOutEarly() {
    double[] day20 = new double[1];
    double[] r = month(1.3, day20);
    assertThat(r[0]).as("month spend / limit").isLessThanOrEqualTo(1.0 + 1e-6).isGreaterThan(0.97);
    assertThat(day20[0]).as("share of the limit spent by day 20").isCloseTo(20.0 / 30, within(0.03));
    assertThat(r[2]).as("least share left before the last day").isGreaterThan(0.02);
  }

  @Test
  void underloadedMonthServesEveryPeak() {
    double[] day20 = new double[1];
    double[] r = month(0.8, day20);
    assertThat(r[1]).as("share of wanted spend served").isGreaterThan(0.999);
    assertThat(r[0]).as("month spend / limit").isCloseTo(0.8, within(0.01));
  }

  @ParameterizedTest(name = "left {0} of {1} with {2} h to go, wanted/avg {3}: {4} USD/h")
  @CsvSource({
      "500, 1000, 10, 1.0, 50",    // even pace
      "500, 1000, 10, 1.5, 75",    // a peak may spend more
      "500, 1000, 10, 3.0, 100",   // up to maxBurst (2) x the pace
      "500, 1000, 10, 0.5, 25",    // a trough gets less
      "500, 1000, 10, 0.2, 25",    // down to the even pace / maxBurst
      "995, 1000, 0.5, 1.0, 5",    // the last hour: at most what is left
      "1000, 1000, 10, 1.0, 0"})   // exhausted
  void paceFromWhatIsLeft(double spent, double limit, double hoursLeft, double peak, double expected) {
    Instant end = JUNE.plus(Duration.ofDays(30));
    Instant now = end.minusMillis((long) (hoursLeft * 3.6e6));
    QuotaLimits limits = QuotaLimits.perPeriod(new QuotaLimits.PeriodLimit(Period.MONTH, Usd.of(limit), ZoneOffset.UTC, 1));
    SpendLedger ledger = new SpendLedger(JUNE, Usd.of(spent), UsdPerHour.ZERO, UsdPerHour.of(10), UsdPerHour.of(10), now);
    Pacing.Pace pace = Pacing.evaluate(limits, ledger, UsdPerHour.of(10 * peak), TokensPerSecond.ZERO, now);
    assertThat(pace.available().orElseThrow().value()).isCloseTo(expected, within(1e-9));
    assertThat(pace.projected().orElseThrow().value()).isCloseTo(spent + 10 * hoursLeft, within(1e-6));
  }

  @Test
  void tightestOfRateCptAndPeriod() {
    QuotaLimits limits = new QuotaLimits(Optional.of(UsdPerHour.of(40)), Optional.empty(),
        Optional.of(UsdPerMillionTokens.of(2.0)), 2.0);
    SpendLedger ledger = SpendLedger.open(JUNE, UsdPerHour.ZERO, UsdPerHour.ZERO, JUNE);
    // 2 USD/1M x 2000 tok/s x 3600 s = 14.4 USD/h
    Pacing.Pace pace = Pacing.evaluate(limits, ledger, UsdPerHour.of(50), TokensPerSecond.of(2000), JUNE);
    assertThat(pace.available().orElseThrow().value()).isCloseTo(14.4, within(1e-9));
    assertThat(Pacing.state(pace, UsdPerHour.of(50))).isEqualTo(Pacing.State.Binding);
    Pacing.Pace noTokens = Pacing.evaluate(limits, ledger, UsdPerHour.of(30), TokensPerSecond.ZERO, JUNE);
    assertThat(noTokens.available().orElseThrow().value()).isEqualTo(40);
    assertThat(Pacing.state(noTokens, UsdPerHour.of(30))).isEqualTo(Pacing.State.OnTrack);
  }

  @Test
  void ledgerIntegratesTheLastRateAndRestartsEachPeriod() {
    SpendLedger l = SpendLedger.open(JUNE, UsdPerHour.of(10), UsdPerHour.of(10), JUNE);
    l = l.advance(JUNE, UsdPerHour.of(20), UsdPerHour.of(20), JUNE.plus(Duration.ofHours(2)));
    assertThat(l.spent().value()).isCloseTo(20, within(1e-9));
    l = l.advance(JUNE, UsdPerHour.of(20), UsdPerHour.of(20), JUNE.plus(Duration.ofHours(3)));
    assertThat(l.spent().value()).isCloseTo(40, within(1e-9));
    Instant july = Instant.parse("2026-07-01T00:00:00Z");
    SpendLedger next = l.advance(july, UsdPerHour.of(20), UsdPerHour.of(20), july.plus(Duration.ofMinutes(30)));
    assertThat(next.periodStart()).isEqualTo(july);
    assertThat(next.spent().value()).as("only the half hour since July began").isCloseTo(10, within(1e-9));
    assertThat(l.advance(JUNE, UsdPerHour.of(99), UsdPerHour.of(99), JUNE)).as("clock went back").isEqualTo(l);
  }
}
