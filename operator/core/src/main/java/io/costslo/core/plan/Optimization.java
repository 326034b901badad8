package io.costslo.core.plan;

import io.costslo.core.decision.Reason;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The optimizer's answer: the chosen point, why, and the Pareto frontier; also lets the stability
 * step look up the best plan at fixed batch settings, or the cheapest split for a given total.
 */
public final class Optimization {
  private final FrontierPoint chosen;
  private final Reason reason;
  private final PlanSpace space;
  private final Optional<Reachable> reachable;
  /** Computed on first use: the merge is most of a decision's work and the cycle needs only its start. */
  private List<FrontierPoint> frontier;
  private List<FrontierPoint> frontierStart;

  /**
   * Where the objectives' percentile is out of reach at every size ({@link ReachableAttainment}).
   *
   * @param percentile the objectives' percentile as planned
   * @param reachable the highest percentile the best plan meets them at
   * @param planned the percentile the chosen plan meets them at: half an error budget below
   * @param best the best-latency plan, evaluated at {@code percentile}
   */
  public record Reachable(double percentile, double reachable, double planned, FrontierPoint best) {}

  Optimization(FrontierPoint chosen, Reason reason, PlanSpace space) {
    this(chosen, reason, space, Optional.empty());
  }

  Optimization(FrontierPoint chosen, Reason reason, PlanSpace space, Optional<Reachable> reachable) {
    this.chosen = chosen;
    this.reason = reason;
    this.space = space;
    this.reachable = reachable;
  }

  /**
   * Present when the objectives are out of reach at their percentile but not at a lower one: the plan
   * and the frontier are then evaluated at {@link Reachable#planned}.
   */
  public Optional<Reachable> reachable() {
    return reachable;
  }

  public FrontierPoint chosen() {
    return chosen;
  }

  /** One of CheapestFeasible, BoundsOnly, OverBudgetSloFirst, SloAtRiskBudgetFirst, SloUnreachable, BudgetUnreachable. */
  public Reason reason() {
    return reason;
  }

  /**
   * Non-dominated (expected cost, SLO ratio) points with finite latency, cheapest first, up to
   * {@link FrontierOptimizer#MAX_FRONTIER_POINTS}.
   */
  public List<FrontierPoint> frontier() {
    if (frontier == null) {
      frontier = List.copyOf(FrontierMerge.frontier(space, Integer.MAX_VALUE));
    }
    return frontier;
  }

  /**
   * The start of {@link #frontier()}: through its first point meeting the objectives (the cheapest that
   * does, as the frontier is cheapest first) and {@code beyond} more, or all of it when none meets.
   * What a decision keeps: status shows the first few points and a quota asks for the cheapest meeting plan.
   */
  public List<FrontierPoint> frontierThroughCheapestMeeting(int beyond) {
    if (frontier != null) {
      return frontier;
    }
    if (frontierStart == null) {
      frontierStart = List.copyOf(FrontierMerge.frontier(space, beyond));
    }
    return frontierStart;
  }

  /** The plan the same selection rules pick when the batch cap is fixed (engine-default chunk); empty if not a choice. */
  public Optional<FrontierPoint> bestAtBatchCap(int batchCap) {
    return space.bestAt(batchCap, OptionalInt.empty());
  }

  /** The plan the same selection rules pick at a plan's batch cap and prefill chunk; empty if that is not a choice. */
  public Optional<FrontierPoint> bestAtBatch(Plan settings) {
    return space.bestAt(settings.batchCap(), settings.prefillChunk());
  }

  /** Whether a plan's chunk keeps the ITL objective in a full step (false when its settings are not a choice). */
  public boolean chunkKeepsItl(Plan plan) {
    int j = space.settingOf(plan.batchCap(), plan.prefillChunk());
    return j >= 0 && space.chunkKeepsItl(j);
  }

  /** Whether a point's chunk is one the optimizer prefers at equal cost ({@code PlanSpace.robustChunk}). */
  public boolean robustChunk(FrontierPoint p) {
    int j = space.settingOf(p.plan().batchCap(), p.plan().prefillChunk());
    return j >= 0 && space.robustChunk(j, p.sloRatio());
  }

  /** This exact plan, evaluated; empty when its total is outside the bounds or its cap not allowed. */
  public Optional<FrontierPoint> pointFor(Plan plan) {
    return space.pointFor(plan);
  }

  /** The cheapest valid split for a total at a batch cap (engine-default chunk), clamped into the replica bounds. */
  public Optional<FrontierPoint> pointFor(int totalReplicas, int batchCap) {
    return space.pointFor(totalReplicas, batchCap, OptionalInt.empty());
  }

  /** The cheapest valid split for a total at a plan's batch cap and chunk, clamped into the replica bounds. */
  public Optional<FrontierPoint> pointFor(int totalReplicas, Plan settings) {
    return space.pointFor(totalReplicas, settings.batchCap(), settings.prefillChunk());
  }
}
