package io.costslo.core.plan;

/** What priority SLO takes when no plan within the bounds meets the objectives at their percentile. */
public enum OverloadAnswer {
  /**
   * The cheapest plan within {@link FrontierOptimizer#UNREACHABLE_RATIO_SLACK} of the best predicted
   * latency: capacity first, for a fleet that is spending its error budget.
   */
  BEST_LATENCY,
  /**
   * The cheapest plan that meets the objectives within half an error budget of the best attainment the
   * bounds reach ({@link ReachableAttainment}); the best-latency answer where even the median is out of
   * reach. For a fleet whose error budget is not overspent, where capacity bought against a tail no
   * size removes is cost without a measured reason.
   */
  REACHABLE_ATTAINMENT
}
