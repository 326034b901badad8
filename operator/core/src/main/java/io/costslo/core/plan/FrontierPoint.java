package io.costslo.core.plan;

import io.costslo.core.model.LatencyPrediction;
import io.costslo.core.units.UsdPerHour;
import io.costslo.core.units.UsdPerMillionTokens;
import java.time.Duration;
import java.util.Optional;

/**
 * One evaluated plan: its cost, predicted latency and CPT.
 *
 * @param plan the knobs
 * @param billed what the cloud bills per hour
 * @param expectedCost billed plus expected spot-preemption cost; plans are ranked and budgeted on it
 * @param costPerMillionTokens expected cost over the offered output tokens (infinite with no tokens)
 * @param latency predicted latency at the policy's percentile
 * @param sloRatio max(TTFT / objective, ITL / objective); <= 1 meets the objectives
 * @param meetsSlo sloRatio <= 1
 * @param withinBudget expected cost within the hourly and per-token budgets
 */
public record FrontierPoint(
    Plan plan,
    UsdPerHour billed,
    UsdPerHour expectedCost,
    UsdPerMillionTokens costPerMillionTokens,
    LatencyPrediction latency,
    double sloRatio,
    boolean meetsSlo,
    boolean withinBudget) {

  public Optional<Duration> ttft() {
    return latency.ttft();
  }

  public Optional<Duration> itl() {
    return latency.itl();
  }
}
