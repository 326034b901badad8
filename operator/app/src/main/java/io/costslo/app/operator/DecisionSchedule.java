package io.costslo.app.operator;

import io.costslo.api.v1alpha1.InferenceCostPolicySpec;
import io.costslo.api.v1alpha1.InferenceCostPolicyStatus;
import io.costslo.core.units.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** When a policy's next decision is due: one per spec.reconcileInterval, on a full metrics window. */
final class DecisionSchedule {
  private DecisionSchedule() {}

  static Duration interval(InferenceCostPolicySpec spec) {
    return Durations.parse(spec.reconcileInterval);
  }

  /**
   * Time left until the next decision, when the last one (for this generation, while Ready) was too
   * recent: another event arrived before the interval was up, and a decision on a sliver of a window
   * would be noise. Empty when a decision is due now.
   */
  static Optional<Duration> untilDue(InferenceCostPolicyStatus status, Long generation, InferenceCostPolicySpec spec,
      Instant now) {
    if (status.lastDecisionTime == null || !Objects.equals(status.observedGeneration, generation)
        || spec == null || spec.reconcileInterval == null || !Conditions.isTrue(status.conditions, Conditions.READY)) {
      return Optional.empty();
    }
    Duration interval;
    try {
      interval = interval(spec);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Instant due = Instant.parse(status.lastDecisionTime).plus(interval);
    return now.isBefore(due) ? Optional.of(Duration.between(now, due)) : Optional.empty();
  }
}
