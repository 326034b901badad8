package io.costslo.core.policy;

/** What gives when no plan meets both the latency objectives and the budget. */
public enum Priority {
  /** Meet the objectives at the lowest cost, even over budget. */
  SLO,
  /** Stay within budget with the best latency it buys, even if the objectives are at risk. */
  BUDGET
}
