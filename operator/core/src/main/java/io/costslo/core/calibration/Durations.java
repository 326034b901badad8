package io.costslo.core.calibration;

import java.time.Duration;

/** Seconds as double and back, nanosecond resolution; the fits work in seconds. */
public final class Durations {
  private Durations() {}

  public static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }

  public static Duration ofSeconds(double seconds) {
    if (!Double.isFinite(seconds)) {
      throw new IllegalArgumentException("not a finite time: " + seconds);
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }
}
