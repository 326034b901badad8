package io.costslo.core.cycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the cluster shows now of spot trouble: the cluster view's part of spot availability. The rule
 * that turns it into "spot usable or not" is {@link SpotAvailability#evaluate}, the same for the
 * operator (pods with DisruptionTarget, or Pending past the timeout) and the simulator.
 *
 * @param latestDisruption when the newest disruption seen now happened (a pod still stuck counts as now)
 * @param disruptedPods spot pods preempted or evicted
 * @param stuckPendingPods spot pods unscheduled longer than {@code pendingTimeout} (no spot capacity)
 * @param pendingTimeout the timeout behind {@code stuckPendingPods}, for messages
 */
public record SpotEvidence(Optional<Instant> latestDisruption, int disruptedPods, int stuckPendingPods,
    Duration pendingTimeout) {

  public SpotEvidence {
    latestDisruption = latestDisruption == null ? Optional.empty() : latestDisruption;
  }

  /** Nothing seen. */
  public static SpotEvidence none(Duration pendingTimeout) {
    return new SpotEvidence(Optional.empty(), 0, 0, pendingTimeout);
  }
}
