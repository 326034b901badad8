package io.costslo.core.cycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether spot capacity can be trusted now. Any disruption (seen now, or remembered in the policy's
 * state) makes spot unusable until no disruption has been seen for the healthy period; while it is
 * unusable the cycle plans with spot disabled and counts the running spot share as on-demand, so the
 * whole share moves in the same cycle.
 *
 * @param healthy spot may be planned
 * @param lastDisruption newest disruption known
 * @param usableAgainAt when spot may be planned again (empty while healthy)
 * @param message why, for conditions and events
 */
public record SpotAvailability(boolean healthy, Optional<Instant> lastDisruption, Optional<Instant> usableAgainAt,
    String message) {

  public static SpotAvailability evaluate(SpotEvidence seen, Optional<Instant> lastKnown, Duration healthyPeriod,
      Instant now) {
    Optional<Instant> last = lastKnown;
    if (seen.latestDisruption().isPresent()
        && (last.isEmpty() || seen.latestDisruption().get().isAfter(last.get()))) {
      last = seen.latestDisruption();
    }
    Optional<Instant> usable = last.map(t -> t.plus(healthyPeriod));
    boolean healthy = usable.isEmpty() || !now.isBefore(usable.get());
    if (healthy) {
      String message = last.isEmpty() ? "no spot disruption seen"
          : "no spot disruption since " + last.get() + " (healthy period " + human(healthyPeriod) + ")";
      return new SpotAvailability(true, last, Optional.empty(), message);
    }
    StringBuilder b = new StringBuilder();
    if (seen.disruptedPods() > 0) {
      b.append(seen.disruptedPods()).append(" spot pod(s) preempted or evicted");
    }
    if (seen.stuckPendingPods() > 0) {
      b.append(b.isEmpty() ? "" : ", ").append(seen.stuckPendingPods()).append(" spot pod(s) Pending longer than ")
          .append(human(seen.pendingTimeout())).append(" (no spot capacity)");
    }
    if (b.isEmpty()) {
      b.append("spot disrupted at ").append(last.get());
    }
    b.append("; spot share runs on-demand until ").append(usable.get())
        .append(" (healthy period ").append(human(healthyPeriod)).append(")");
    return new SpotAvailability(false, last, usable, b.toString());
  }

  /** Short duration text for messages: 5m, 90s. */
  static String human(Duration d) {
    long s = d.getSeconds();
    return s % 60 == 0 && s >= 60 ? (s / 60) + "m" : s + "s";
  }
}
