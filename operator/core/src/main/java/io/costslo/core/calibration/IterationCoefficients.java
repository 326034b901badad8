package io.costslo.core.calibration;

import io.costslo.core.units.Durations;
import java.time.Duration;

/**
 * Iteration-time coefficients of one replica, independent of the core's replica profile so the
 * profile's owner can map them as they see fit.
 *
 * <p>ITL ≈ {@code itlBase + itlPerRunningRequest · runningBatch}; TTFT ≈ {@code ttftBase +
 * ttftPerKiloPromptTokensPerSecond · (promptTokensPerSecond / 1000)}. Slopes are stored as the time
 * added per unit of load so that every figure stays a {@link Duration}.
 */
public record IterationCoefficients(
    Duration itlBase, Duration itlPerRunningRequest, Duration ttftBase, Duration ttftPerKiloPromptTokensPerSecond) {

  public IterationCoefficients {
    for (Duration d : new Duration[] {itlBase, itlPerRunningRequest, ttftBase, ttftPerKiloPromptTokensPerSecond}) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException("iteration coefficients must be non-negative durations, got " + d);
      }
    }
  }

  public Duration itlAt(double runningBatch) {
    return Durations.ofSeconds(Durations.seconds(itlBase) + Durations.seconds(itlPerRunningRequest) * runningBatch);
  }

  public Duration ttftAt(double promptTokensPerSecond) {
    return Durations.ofSeconds(
        Durations.seconds(ttftBase) + Durations.seconds(ttftPerKiloPromptTokensPerSecond) * promptTokensPerSecond / 1000.0);
  }
}
