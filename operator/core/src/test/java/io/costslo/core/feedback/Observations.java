package io.costslo.core.feedback;

import io.costslo.core.load.Load;
import io.costslo.core.metrics.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Small builders for observations in the feedback tests. */
final class Observations {
  /** Ready pods in every observation: more than any plan in these tests, so windows count as settled. */
  static final int READY = 64;

  private Observations() {}

  static Observation of(double rate, double prompt, Double ttftMillis, Double itlMillis) {
    return at(Instant.EPOCH, rate, prompt, ttftMillis, itlMillis, 0.0);
  }

  static Observation at(Instant now, double rate, double prompt, Double ttftMillis, Double itlMillis,
      double waiting) {
    return new Observation(now, Duration.ofMinutes(1), Load.of(rate, prompt, 200), millis(ttftMillis),
        millis(itlMillis), 0.99, 10, waiting, 0.5, READY, List.of());
  }

  static Optional<Duration> millis(Double ms) {
    return ms == null ? Optional.empty() : Optional.of(Duration.ofNanos(Math.round(ms * 1e6)));
  }
}
