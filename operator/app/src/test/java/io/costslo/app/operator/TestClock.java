package io.costslo.app.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Real time plus jumps the test makes by hand, so periods such as spot's healthy period pass in
 * no time while reconcile intervals still elapse as they would in a cluster.
 */
final class TestClock extends Clock {
  private final Instant start;
  private final long startNanos = System.nanoTime();
  private volatile Duration jumped = Duration.ZERO;

  TestClock(Instant start) {
    this.start = start;
  }

  void advance(Duration d) {
    jumped = jumped.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return start.plusNanos(System.nanoTime() - startNanos).plus(jumped);
  }
}
