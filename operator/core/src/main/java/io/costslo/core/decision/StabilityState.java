package io.costslo.core.decision;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the stability step remembers per policy between cycles.
 *
 * @param lastBatchChange when the batch cap last changed; empty if never
 * @param recommendations recent total-replica recommendations, oldest first (scale-down window)
 */
public record StabilityState(Optional<Instant> lastBatchChange, List<Recommendation> recommendations) {

  public StabilityState {
    lastBatchChange = lastBatchChange == null ? Optional.empty() : lastBatchChange;
    recommendations = List.copyOf(recommendations);
  }

  public static StabilityState empty() {
    return new StabilityState(Optional.empty(), List.of());
  }

  /** One recommendation of a total replica count at a time. */
  public record Recommendation(Instant at, int totalReplicas) {}
}
