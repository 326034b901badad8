package io.costslo.core.decision;

import io.costslo.core.plan.FrontierPoint;
import io.costslo.core.plan.Plan;
import io.costslo.core.units.UsdPerHour;
import io.costslo.core.units.UsdPerMillionTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one scaling cycle: what to run, why, and what it is predicted to cost and feel
 * like. Predictions are empty when unknown (missing metrics or prices) or unbounded (saturation).
 *
 * @param decidedAt the cycle's clock
 * @param plan the plan to run
 * @param reason CamelCase reason for conditions and events
 * @param message one human sentence
 * @param expectedCost predicted billed + spot-risk USD per hour
 * @param billedCost predicted billed USD per hour
 * @param costPerMillionTokens predicted CPT (expected cost over offered output tokens)
 * @param ttft predicted TTFT at {@code percentile}
 * @param itl predicted ITL at {@code percentile}
 * @param percentile the objectives' percentile
 * @param sloMet predicted to meet the latency objectives
 * @param withinBudget predicted within budget
 * @param frontier the Pareto frontier the plan was chosen from (empty when no optimization ran)
 */
public record Decision(
    Instant decidedAt,
    Plan plan,
    Reason reason,
    String message,
    Optional<UsdPerHour> expectedCost,
    Optional<UsdPerHour> billedCost,
    Optional<UsdPerMillionTokens> costPerMillionTokens,
    Optional<Duration> ttft,
    Optional<Duration> itl,
    double percentile,
    boolean sloMet,
    boolean withinBudget,
    List<FrontierPoint> frontier) {

  public Decision {
    if (decidedAt == null || plan == null || reason == null || message == null) {
      throw new IllegalArgumentException("decision needs decidedAt, plan, reason and message");
    }
    frontier = List.copyOf(frontier);
  }

  /** A decision for an evaluated point. */
  public static Decision of(Instant now, FrontierPoint point, Reason reason, String message, double percentile,
      List<FrontierPoint> frontier) {
    return new Decision(now, point.plan(), reason, message, Optional.of(point.expectedCost()),
        Optional.of(point.billed()), Optional.of(point.costPerMillionTokens()), point.ttft(), point.itl(),
        percentile, point.meetsSlo(), point.withinBudget(), frontier);
  }

  /**
   * This decision with its latency figures labelled at another percentile and its verdict on the
   * objectives set: where overload is answered at the attainment within reach, the plan meets the
   * objectives at a lower percentile than theirs and misses them at it.
   */
  public Decision predictedAt(double atPercentile, boolean meetsObjectives) {
    return new Decision(decidedAt, plan, reason, message, expectedCost, billedCost, costPerMillionTokens, ttft, itl,
        atPercentile, meetsObjectives, withinBudget, frontier);
  }

  /** A decision taken without a prediction (held plan): only the cost may be known. */
  public static Decision held(Instant now, Plan plan, Reason reason, String message, Optional<UsdPerHour> billed,
      Optional<UsdPerHour> expected, double percentile) {
    return new Decision(now, plan, reason, message, expected, billed, Optional.empty(), Optional.empty(),
        Optional.empty(), percentile, false, false, List.of());
  }
}
