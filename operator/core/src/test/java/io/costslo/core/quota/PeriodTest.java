package io.costslo.core.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeriodTest {
  @ParameterizedTest(name = "{0} {1} start {2} at {3}")
  @CsvSource({
      "DAY,   UTC,              1,  2026-03-10T13:00:00Z, 2026-03-10T00:00:00Z, 2026-03-11T00:00:00Z",
      "DAY,   America/New_York, 1,  2026-03-10T03:00:00Z, 2026-03-09T04:00:00Z, 2026-03-10T04:00:00Z",
      "WEEK,  UTC,              1,  2026-03-12T10:00:00Z, 2026-03-09T00:00:00Z, 2026-03-16T00:00:00Z",
      "WEEK,  UTC,              4,  2026-03-12T10:00:00Z, 2026-03-12T00:00:00Z, 2026-03-19T00:00:00Z",
      "MONTH, UTC,              1,  2026-02-14T10:00:00Z, 2026-02-01T00:00:00Z, 2026-03-01T00:00:00Z",
      "MONTH, UTC,              15, 2026-02-14T10:00:00Z, 2026-01-15T00:00:00Z, 2026-02-15T00:00:00Z",
      "MONTH, Europe/Berlin,    1,  2026-03-31T23:30:00Z, 2026-04-01T00:00:00+02:00, 2026-05-01T00:00:00+02:00",
      // the DST change inside the month: 743 hours, not 744
      "MONTH, Europe/Berlin,    1,  2026-03-15T00:00:00Z, 2026-03-01T00:00:00+01:00, 2026-04-01T00:00:00+02:00"})
  void windowContainsNow(Period p, String zone, int startDay, String now, String start, String end) {
    Period.Window w = p.containing(Instant.parse(now), ZoneId.of(zone), startDay);
    assertThat(w.start()).isEqualTo(java.time.OffsetDateTime.parse(start).toInstant());
    assertThat(w.end()).isEqualTo(java.time.OffsetDateTime.parse(end).toInstant());
  }

  @ParameterizedTest
  @CsvSource({"WEEK, 0", "WEEK, 8", "MONTH, 29", "MONTH, 0"})
  void badStartDayNamesTheRule(Period p, int day) {
    assertThatThrownBy(() -> p.containing(Instant.EPOCH, ZoneId.of("UTC"), day)).hasMessageContaining("start day");
  }
}
