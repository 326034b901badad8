package io.costslo.core.plan;

import io.costslo.core.decision.Reason;
import java.util.List;
import java.util.Optional;

/**
 * The optimizer's answer: the chosen point, why, and the Pareto frontier; also lets the stability
 * step look up the best plan at a fixed batch cap, or the cheapest split for a given total.
 */
public final class Optimization {
  private final FrontierPoint chosen;
  private final Reason reason;
  private final List<FrontierPoint> frontier;
  private final FrontierOptimizer.Space space;

  Optimization(FrontierPoint chosen, Reason reason, List<FrontierPoint> frontier, FrontierOptimizer.Space space) {
    this.chosen = chosen;
    this.reason = reason;
    this.frontier = List.copyOf(frontier);
    this.space = space;
  }

  public FrontierPoint chosen() {
    return chosen;
  }

  /** One of CheapestFeasible, BoundsOnly, OverBudgetSloFirst, SloAtRiskBudgetFirst, SloUnreachable, BudgetUnreachable. */
  public Reason reason() {
    return reason;
  }

  /** Non-dominated (expected cost, SLO ratio) points with finite latency, cheapest first. */
  public List<FrontierPoint> frontier() {
    return frontier;
  }

  /** The plan the same selection rules pick when the batch cap is fixed; empty if the cap is not allowed. */
  public Optional<FrontierPoint> bestAtBatchCap(int batchCap) {
    return space.bestAt(batchCap);
  }

  /** This exact plan, evaluated; empty when its total is outside the bounds or its cap not allowed. */
  public Optional<FrontierPoint> pointFor(Plan plan) {
    return space.pointFor(plan);
  }

  /** The cheapest valid split for a total at a batch cap, clamped into the replica bounds. */
  public Optional<FrontierPoint> pointFor(int totalReplicas, int batchCap) {
    return space.pointFor(totalReplicas, batchCap);
  }
}
