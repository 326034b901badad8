package io.costslo.core.quota;

import io.costslo.core.units.Usd;
import io.costslo.core.units.UsdPerHour;
import java.time.Duration;
import java.time.Instant;

/**
 * What a quota has spent in its current period, kept in the quota's status between reconciles.
 *
 * <p>Spend is integrated from the covered policies' summed USD/h: the rate read at one update is
 * taken to hold until the next (a gap while the operator was down is counted at the last rate read,
 * the best figure there is). Two smoothed rates come with it: {@code burn}, the recent burn rate
 * (1 h time constant) that projects spend to the period's end, and {@code wantedAverage}, the
 * day-scale average of what the policies wanted (24 h), against which a peak is recognised.
 *
 * @param periodStart start of the period {@code spent} belongs to
 * @param spent spend so far in that period
 * @param lastRate the summed USD/h read at {@code at}
 * @param burn recent burn rate
 * @param wantedAverage smoothed sum of the policies' wanted USD/h
 * @param at when this was last updated
 */
public record SpendLedger(Instant periodStart, Usd spent, UsdPerHour lastRate, UsdPerHour burn,
    UsdPerHour wantedAverage, Instant at) {

  public static final Duration BURN_TIME_CONSTANT = Duration.ofHours(1);
  public static final Duration WANTED_TIME_CONSTANT = Duration.ofHours(24);

  /** A ledger opened at {@code now} for the period starting at {@code periodStart}. */
  public static SpendLedger open(Instant periodStart, UsdPerHour rate, UsdPerHour wanted, Instant now) {
    return new SpendLedger(periodStart, Usd.ZERO, rate, rate, wanted, now);
  }

  /**
   * The ledger at {@code now} for the period starting at {@code periodStart}: the last rate counted
   * up to now, a new period started from zero (counting only the time since its start).
   */
  public SpendLedger advance(Instant periodStart, UsdPerHour rate, UsdPerHour wanted, Instant now) {
    if (now.isBefore(at)) {
      return this; // a clock that went back: count nothing twice
    }
    double hours = hours(at, now);
    Usd spentNow;
    if (periodStart.equals(this.periodStart)) {
      spentNow = spent.plus(Usd.of(lastRate.value() * hours));
    } else {
      spentNow = Usd.of(lastRate.value() * Math.min(hours, hours(periodStart, now)));
    }
    return new SpendLedger(periodStart, spentNow, rate, smooth(burn, rate, hours, BURN_TIME_CONSTANT),
        smooth(wantedAverage, wanted, hours, WANTED_TIME_CONSTANT), now);
  }

  private static UsdPerHour smooth(UsdPerHour previous, UsdPerHour sample, double hours, Duration tau) {
    double alpha = 1 - Math.exp(-hours / (tau.toSeconds() / 3600.0));
    return UsdPerHour.of(previous.value() + alpha * (sample.value() - previous.value()));
  }

  private static double hours(Instant from, Instant to) {
    return Math.max(0, (to.toEpochMilli() - from.toEpochMilli()) / 3.6e6);
  }
}
