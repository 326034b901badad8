package io.costslo.core.decision;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the stability step remembers per policy between cycles.
 *
 * @param lastBatchChange when the batch cap last changed; empty if never
 * @param recommendations recent total-replica recommendations, oldest first (scale-down window)
 * @param adopted the fleet found running at the policy's first decision, kept while the closed loop is
 *     still warming up ({@link StabilityGuard}); empty once it has
 */
public record StabilityState(Optional<Instant> lastBatchChange, List<Recommendation> recommendations,
    Optional<Recommendation> adopted) {

  public StabilityState {
    lastBatchChange = lastBatchChange == null ? Optional.empty() : lastBatchChange;
    recommendations = List.copyOf(recommendations);
    adopted = adopted == null ? Optional.empty() : adopted;
  }

  /** Without an adopted fleet. */
  public StabilityState(Optional<Instant> lastBatchChange, List<Recommendation> recommendations) {
    this(lastBatchChange, recommendations, Optional.empty());
  }

  public static StabilityState empty() {
    return new StabilityState(Optional.empty(), List.of());
  }

  /**
   * One recommendation at a time: the total, and how many of it on-demand (so that on-demand
   * capacity is given up for spot only after the same window as any scale-down).
   */
  public record Recommendation(Instant at, int totalReplicas, int onDemandReplicas) {
    /** A recommendation whose split is not known: taken as all on-demand, the cautious reading. */
    public Recommendation(Instant at, int totalReplicas) {
      this(at, totalReplicas, totalReplicas);
    }
  }
}
