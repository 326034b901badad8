package io.costslo.sim.control;

import io.costslo.core.cycle.SpotEvidence;
import io.costslo.sim.engine.CapacityType;
import io.costslo.sim.engine.SimContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Spot evidence from what a controller sees of the simulated fleet, with the operator's semantics:
 * ready spot replicas that drop while the desired spot count did not (a reclaim, or an outage) are a
 * disruption at that moment, like a pod with DisruptionTarget; spot replicas wanted but not ready for
 * longer than the pending timeout (no spot capacity during an outage) are a disruption lasting until
 * now, like a pod Pending past the timeout. Call {@link #observe} once per control step.
 */
public final class SpotWatch {
  private final Duration pendingTimeout;
  private int lastReady = -1;
  private int lastDesired = -1;
  private Instant shortSince;
  private Instant latest;
  private int disrupted;

  public SpotWatch(Duration pendingTimeout) {
    this.pendingTimeout = pendingTimeout;
  }

  /** What the spot pods show now. */
  public SpotEvidence observe(SimContext ctx) {
    Instant now = ctx.now();
    int ready = ctx.readyReplicas(CapacityType.SPOT);
    int desired = ctx.desired().spotReplicas();
    int lost = lastReady < 0 ? 0 : Math.max(0, Math.min(lastReady, desired) - ready);
    if (lost > 0 && desired >= lastDesired) {
      latest = now;
      disrupted = lost;
    } else {
      disrupted = 0;
    }
    int stuck = 0;
    if (desired > ready) {
      shortSince = shortSince == null ? now : shortSince;
      if (!now.isBefore(shortSince.plus(pendingTimeout))) {
        stuck = desired - ready;
        latest = now;
      }
    } else {
      shortSince = null;
    }
    lastReady = ready;
    lastDesired = desired;
    return new SpotEvidence(Optional.ofNullable(latest), disrupted, stuck, pendingTimeout);
  }

  /** Remembers what the controller asked for, so its own scale-down is not taken for a loss. */
  public void applied(SimContext ctx) {
    lastReady = Math.min(lastReady < 0 ? Integer.MAX_VALUE : lastReady, ctx.desired().spotReplicas());
    lastDesired = ctx.desired().spotReplicas();
  }
}
