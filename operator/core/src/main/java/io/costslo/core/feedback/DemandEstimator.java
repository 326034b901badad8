package io.costslo.core.feedback;

import io.costslo.core.units.Durations;
import io.costslo.core.metrics.Observation;
import io.costslo.core.units.RequestsPerSecond;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Sizes on demand, not on completions: a saturated fleet completes only what it can, so its
 * completion rate understates the load exactly when capacity is short.
 *
 * <ul>
 *   <li>Offered rate: the arrival rate where the engine counts at arrival; otherwise completions
 *       plus the growth of the waiting queue since the last cycle (growth only: a draining queue
 *       means completions already exceed arrivals, and sizing below completions would starve it).
 *   <li>Backlog: the requests waiting now must start within the drain time (the TTFT objective by
 *       default), so waiting / drainTime is added to the rate.
 * </ul>
 */
public final class DemandEstimator {

  private DemandEstimator() {}

  /** The demand at {@code now}, given the queue last seen; also the queue to remember. */
  public static Estimate estimate(Observation o, QueueState previous, Duration drainTime, Instant now) {
    if (drainTime == null || drainTime.isZero() || drainTime.isNegative()) {
      throw new IllegalArgumentException("drain time must be positive, got " + drainTime);
    }
    RequestsPerSecond completions = o.load().rate();
    double waiting = o.waitingRequests();
    double growth = 0.0;
    if (previous.seenAt().isPresent() && now.isAfter(previous.seenAt().get())) {
      growth = (waiting - previous.waiting()) / Durations.seconds(Duration.between(previous.seenAt().get(), now));
    }
    double offered = o.arrivalRate().map(RequestsPerSecond::value)
        .orElse(completions.value() + Math.max(0.0, growth));
    double drain = waiting / Durations.seconds(drainTime);
    Demand demand = new Demand(completions, o.arrivalRate(), growth, RequestsPerSecond.of(drain),
        RequestsPerSecond.of(offered + drain));
    return new Estimate(demand, new QueueState(Optional.of(now), waiting));
  }

  /** The demand and the queue state for the next cycle. */
  public record Estimate(Demand demand, QueueState queue) {}
}
