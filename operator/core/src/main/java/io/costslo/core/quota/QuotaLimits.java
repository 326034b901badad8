package io.costslo.core.quota;

import io.costslo.core.units.Usd;
import io.costslo.core.units.UsdPerHour;
import io.costslo.core.units.UsdPerMillionTokens;
import java.time.ZoneId;
import java.util.Optional;

/**
 * What a quota allows its policies together. Any limit may be absent; a quota with none only
 * measures.
 *
 * @param maxRate USD per hour across all covered policies
 * @param period USD per day, week or month
 * @param maxAverageCpt the covered policies' spend over their output tokens, USD per 1M
 * @param maxBurst how far above the even pace (remaining / hours left) an hour may spend, >= 1;
 *     see {@link Pacing}
 */
public record QuotaLimits(Optional<UsdPerHour> maxRate, Optional<PeriodLimit> period,
    Optional<UsdPerMillionTokens> maxAverageCpt, double maxBurst) {

  public static final double DEFAULT_MAX_BURST = 2.0;

  public QuotaLimits {
    maxRate = maxRate == null ? Optional.empty() : maxRate;
    period = period == null ? Optional.empty() : period;
    maxAverageCpt = maxAverageCpt == null ? Optional.empty() : maxAverageCpt;
    if (!(maxBurst >= 1) || Double.isInfinite(maxBurst)) {
      throw new IllegalArgumentException("pacing.maxBurst must be a finite number >= 1, got " + maxBurst);
    }
  }

  public static QuotaLimits perHour(UsdPerHour max) {
    return new QuotaLimits(Optional.of(max), Optional.empty(), Optional.empty(), DEFAULT_MAX_BURST);
  }

  public static QuotaLimits perPeriod(PeriodLimit limit) {
    return new QuotaLimits(Optional.empty(), Optional.of(limit), Optional.empty(), DEFAULT_MAX_BURST);
  }

  /**
   * A spend limit per period.
   *
   * @param startDay see {@link Period#containing}
   */
  public record PeriodLimit(Period period, Usd limit, ZoneId zone, int startDay) {
    public PeriodLimit {
      if (period == null || limit == null || zone == null) {
        throw new IllegalArgumentException("period, limit and time zone must be set");
      }
      period.containing(java.time.Instant.EPOCH, zone, startDay); // validates startDay
    }
  }
}
