package io.costslo.app.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether spot capacity can be trusted now, from the companion's pods and the last disruption kept
 * in status. A spot pod that was preempted or evicted, or that stays unscheduled past the pending
 * timeout (no spot capacity), is a disruption; spot is healthy again once no disruption has been
 * seen for the healthy period. The disruption time comes from the pod itself (not from when it was
 * seen), so a failed pod object that lingers does not keep spot unhealthy forever.
 */
record SpotHealth(boolean healthy, Optional<Instant> lastDisruption, Optional<Instant> usableAgainAt, int disrupted,
    int stuckPending, String message) {

  /** Pod status reasons the kubelet and scheduler give a pod that lost its node. */
  static final Set<String> DISRUPTED_REASONS = Set.of("Evicted", "Preempting", "Preempted", "Shutdown", "NodeShutdown",
      "Terminated", "NodeLost");

  static SpotHealth evaluate(List<Pod> spotPods, Optional<Instant> lastKnown, Duration pendingTimeout,
      Duration healthyPeriod, Instant now) {
    Optional<Instant> last = lastKnown;
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
    Optional<Instant> usable = last.map(t -> t.plus(healthyPeriod));
    boolean healthy = usable.isEmpty() || !now.isBefore(usable.get());
    String message;
    if (healthy) {
      message = last.isEmpty() ? "no spot disruption seen"
          : "no spot disruption since " + last.get() + " (healthy period " + Durations.human(healthyPeriod) + ")";
    } else {
      StringBuilder b = new StringBuilder();
      if (disrupted > 0) {
        b.append(disrupted).append(" spot pod(s) preempted or evicted");
      }
      if (stuck > 0) {
        b.append(b.isEmpty() ? "" : ", ").append(stuck).append(" spot pod(s) Pending longer than ")
            .append(Durations.human(pendingTimeout)).append(" (no spot capacity)");
      }
      if (b.isEmpty()) {
        b.append("spot disrupted at ").append(last.get());
      }
      b.append("; spot share runs on-demand until ").append(usable.get())
          .append(" (healthy period ").append(Durations.human(healthyPeriod)).append(")");
      message = b.toString();
    }
    return new SpotHealth(healthy, last, healthy ? Optional.empty() : usable, disrupted, stuck, message);
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

  /** Short duration text for messages: 5m, 90s. */
  static final class Durations {
    private Durations() {}

    static String human(Duration d) {
      long s = d.getSeconds();
      return s % 60 == 0 && s >= 60 ? (s / 60) + "m" : s + "s";
    }
  }
}
