package io.costslo.core.quota;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/** The length of a quota's spend period; each starts at local midnight in the quota's time zone. */
public enum Period {
  DAY, WEEK, MONTH;

  /**
   * The period containing {@code now}.
   *
   * @param startDay WEEK: ISO day of week 1 (Monday)..7; MONTH: day of month 1..28 (so every month
   *     has it); DAY: ignored
   */
  public Window containing(Instant now, ZoneId zone, int startDay) {
    LocalDate today = now.atZone(zone).toLocalDate();
    LocalDate start;
    LocalDate end;
    switch (this) {
      case DAY -> {
        start = today;
        end = today.plusDays(1);
      }
      case WEEK -> {
        checkRange(startDay, 1, 7, "week start day (1 = Monday .. 7 = Sunday)");
        start = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.of(startDay)));
        end = start.plusWeeks(1);
      }
      default -> {
        checkRange(startDay, 1, 28, "month start day (1..28)");
        LocalDate thisMonth = today.withDayOfMonth(startDay);
        start = today.isBefore(thisMonth) ? thisMonth.minusMonths(1) : thisMonth;
        end = start.plusMonths(1);
      }
    }
    return new Window(start.atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant());
  }

  private static void checkRange(int v, int lo, int hi, String what) {
    if (v < lo || v > hi) {
      throw new IllegalArgumentException(what + " must be in " + lo + ".." + hi + ", got " + v);
    }
  }

  /** A half-open interval [start, end). */
  public record Window(Instant start, Instant end) {
    public Window {
      if (!end.isAfter(start)) {
        throw new IllegalArgumentException("period end must be after its start");
      }
    }

    /** Hours from {@code now} to the end, never negative. */
    public double hoursLeft(Instant now) {
      return Math.max(0, (end.toEpochMilli() - now.toEpochMilli()) / 3.6e6);
    }

    public double hours() {
      return (end.toEpochMilli() - start.toEpochMilli()) / 3.6e6;
    }

    /** Keeps the zone-aware length honest across DST changes: a ZonedDateTime view for messages. */
    public ZonedDateTime startIn(ZoneId zone) {
      return start.atZone(zone);
    }
  }
}
