package io.costslo.core.feedback;

import io.costslo.core.units.RequestsPerSecond;
import java.util.Optional;

/**
 * The request rate to size for, and what it is made of.
 *
 * @param completions requests finishing per second (capped by the fleet while it is saturated)
 * @param arrivals requests arriving per second, when the engine counts them
 * @param queueGrowth change of the waiting queue, requests per second (negative while it drains)
 * @param backlogDrain extra rate that empties the current queue within the drain time
 * @param total arrivals (or completions plus queue growth) plus the backlog drain
 */
public record Demand(
    RequestsPerSecond completions,
    Optional<RequestsPerSecond> arrivals,
    double queueGrowth,
    RequestsPerSecond backlogDrain,
    RequestsPerSecond total) {}
