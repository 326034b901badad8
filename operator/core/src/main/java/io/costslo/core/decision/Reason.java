package io.costslo.core.decision;

/**
 * Why a decision came out the way it did. Names are CamelCase on purpose: they are used verbatim as
 * Kubernetes condition and event reasons.
 */
public enum Reason {
  /** The cheapest plan meeting every objective and the budget. */
  CheapestFeasible,
  /** No traffic: the cheapest plan within the replica bounds. */
  BoundsOnly,
  /** Nothing meets both; priority SLO: the cheapest plan meeting the objectives, over budget. */
  OverBudgetSloFirst,
  /** Nothing meets both; priority BUDGET: the best latency within budget, objectives at risk. */
  SloAtRiskBudgetFirst,
  /** No plan within bounds meets the objectives: the best latency available (priority SLO). */
  SloUnreachable,
  /** No plan within bounds is within budget: the cheapest plan (priority BUDGET). */
  BudgetUnreachable,
  /** A lower replica count is recommended but the stabilization window still holds a higher one. */
  ScaleDownStabilizing,
  /** Spot would replace on-demand replicas, but the window still recommended more on-demand. */
  SpotShiftStabilizing,
  /** A cheaper batch cap exists but the saving is too small or the last change too recent. */
  BatchChangeDeferred,
  /** The batch cap changes this step, so replicas are not reduced in the same step. */
  BatchChangeScaleDownHeld,
  /** Metrics unavailable: the current plan is held. */
  HoldOnMissingMetrics,
  /** Metrics unavailable and replicas below the configured fallback: scaled up to it. */
  FallbackOnMissingMetrics,
  /** Metrics unavailable and the current plan outside the replica bounds: brought within them. */
  ClampedToBounds,
  /** No price known for the GPU type: the current plan is held. */
  HoldOnMissingPrice
}
