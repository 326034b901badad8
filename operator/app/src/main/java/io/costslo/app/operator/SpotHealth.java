package io.costslo.app.operator;

import io.costslo.core.cycle.SpotEvidence;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the spot companion's pods as spot evidence for the core's {@code SpotAvailability} rule: a
 * spot pod that was preempted or evicted, or that stays unscheduled past the pending timeout (no spot
 * capacity), is a disruption. The disruption time comes from the pod itself (not from when it was
 * seen), so a failed pod object that lingers does not keep spot unhealthy forever.
 */
final class SpotHealth {
  /** Pod status reasons the kubelet and scheduler give a pod that lost its node. */
  static final Set<String> DISRUPTED_REASONS = Set.of("Evicted", "Preempting", "Preempted", "Shutdown", "NodeShutdown",
      "Terminated", "NodeLost");

  private SpotHealth() {}

  static SpotEvidence evidence(List<Pod> spotPods, Duration pendingTimeout, Instant now) {
    Optional<Instant> last = Optional.empty();
    int disrupted = 0;
    int stuck = 0;
    for (Pod pod : spotPods) {
      Optional<Instant> at = disruptedAt(pod);
      if (at.isEmpty() && stuckPending(pod, pendingTimeout, now)) {
        // Still stuck: the disruption lasts until now.
        at = Optional.of(now);
        stuck++;
      } else if (at.isPresent()) {
        disrupted++;
      }
      if (at.isPresent() && (last.isEmpty() || at.get().isAfter(last.get()))) {
        last = at;
      }
    }
    return new SpotEvidence(last, disrupted, stuck, pendingTimeout);
  }

  /** When the pod lost its node, if it did. */
  static Optional<Instant> disruptedAt(Pod pod) {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    Optional<PodCondition> target = condition(pod, "DisruptionTarget").filter(c -> "True".equals(c.getStatus()));
    boolean failedByNode = "Failed".equals(pod.getStatus().getPhase())
        && pod.getStatus().getReason() != null && DISRUPTED_REASONS.contains(pod.getStatus().getReason());
    if (target.isEmpty() && !failedByNode) {
      return Optional.empty();
    }
    String at = target.map(PodCondition::getLastTransitionTime)
        .or(() -> condition(pod, "Ready").map(PodCondition::getLastTransitionTime))
        .orElse(pod.getMetadata().getCreationTimestamp());
    return Optional.ofNullable(at).map(Instant::parse);
  }

  /** Pending and not scheduled for longer than the timeout: the scheduler found no spot node. */
  static boolean stuckPending(Pod pod, Duration timeout, Instant now) {
    if (pod.getStatus() == null || !"Pending".equals(pod.getStatus().getPhase())
        || pod.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    boolean scheduled = pod.getSpec() != null && pod.getSpec().getNodeName() != null
        || condition(pod, "PodScheduled").map(c -> "True".equals(c.getStatus())).orElse(false);
    if (scheduled || pod.getMetadata().getCreationTimestamp() == null) {
      return false;
    }
    Instant created = Instant.parse(pod.getMetadata().getCreationTimestamp());
    return !now.isBefore(created.plus(timeout));
  }

  private static Optional<PodCondition> condition(Pod pod, String type) {
    return pod.getStatus().getConditions() == null ? Optional.empty()
        : pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
