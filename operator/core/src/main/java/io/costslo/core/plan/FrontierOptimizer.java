package io.costslo.core.plan;

import io.costslo.core.cost.CostModel;
import io.costslo.core.decision.Reason;
import io.costslo.core.load.Load;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.LatencyPrediction;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.CostPolicy.LatencyObjective;
import io.costslo.core.units.UsdPerHour;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Searches on-demand replicas x spot replicas x batch settings (cap, and prefill chunk where the
 * policy allows chunks) for the cheapest plan that meets the
 * objectives and the budget, and keeps the cost-latency Pareto frontier.
 *
 * <h2>Selection rules (the definition exhaustive search is tested against)</h2>
 * A plan is valid when its total lies in the replica bounds, its batch cap is allowed, its chunk is
 * allowed and at least the cap (or the engine default when no chunk is allowed), and, if it
 * has any spot replica, spot is enabled, spot &lt;= floor(maxSpotShare x total) and on-demand &gt;=
 * max(minOnDemandReplicas, the on-demand count that alone stays below saturation at that setting).
 * Plans compare on expected cost (billed + spot risk) and SLO ratio max(TTFT/objective, ITL/objective).
 * <ol>
 *   <li>Among plans meeting the objectives (ratio &lt;= 1) and the budget: least cost, then least
 *       ratio, then fewest replicas, then smallest cap, then smallest chunk, then fewest spot. Reason CheapestFeasible
 *       (BoundsOnly when there is no traffic).
 *   <li>Else, priority SLO: among plans meeting the objectives, the same order (OverBudgetSloFirst);
 *       if none, the cheapest-first order among plans whose ratio is within {@link #UNREACHABLE_RATIO_SLACK}
 *       of the least ratio of all (SloUnreachable); when every plan saturates, the most capacity (below).
 *       With {@link OverloadAnswer#REACHABLE_ATTAINMENT} (the closed loop's answer while the error
 *       budget is not overspent), rule 1 instead, at the highest percentile the best-latency plan meets
 *       the objectives at, less half an error budget ({@link ReachableAttainment}; still SloUnreachable).
 *   <li>Else, priority BUDGET: among plans within budget, least ratio, then cost, replicas, cap, spot
 *       (SloAtRiskBudgetFirst); if none, the cheapest-first order over all plans (BudgetUnreachable).
 * </ol>
 * In the best-latency orders, plans that all saturate (infinite ratio) compare on utilisation
 * first, so overload takes the most capacity available, never the minimum.
 *
 * <h2>Why it is fast and still exact</h2>
 * <ul>
 *   <li>Latency depends on the total and the batch setting only, so it is computed once per (total,
 *       setting).
 *   <li>For a total, cost is linear in the spot count on either side of the point where the
 *       non-spot replicas all fit on reserved GPUs, so the cheapest split is no spot, that point, or
 *       all allowed spot ({@code CostModel.cheapestSpot}); ties go to fewer spot.
 *   <li>For a setting, the cheapest-split cost is non-decreasing in the total (the allowed spot count
 *       grows by at most one per extra replica, and one spot replica never saves more than an
 *       on-demand one costs) and the SLO ratio is non-increasing (the latency model is monotone in
 *       per-replica load). So "meets the objectives" is a suffix of totals and "within budget" a
 *       prefix, found by binary search; the best plan of each rule is at a boundary.
 * </ul>
 * The frontier is a k-way merge of the per-setting lists, which are already sorted by cost; a setting
 * whose next total does not beat the best ratio so far jumps (binary search) to the first total that
 * does. The work is split by responsibility: {@link PlanSpace} (enumeration, cached evaluation, the
 * binary-search bounds), {@link PlanSelection} (the rules, overload included), {@link FrontierMerge}.
 */
public final class FrontierOptimizer {

  /** The frontier is cut after this many points (cheapest first); status shows a few of them. */
  public static final int MAX_FRONTIER_POINTS = 256;
  /**
   * Cells the frontier may evaluate beyond those the selection did. With many settings each may be
   * revisited once per point, so without it the work grows as settings x points; cut there, the
   * frontier is still its cheapest-first prefix.
   */
  public static final int FRONTIER_CELL_BUDGET = 50_000;
  /**
   * Frontier points a decision keeps beyond the cheapest one meeting the objectives
   * ({@link Optimization#frontierThroughCheapestMeeting}): status shows the first five.
   */
  public static final int DECISION_FRONTIER_BEYOND_MEETING = 8;

  /**
   * Share of a replica's modelled throughput above which a plan does not count as meeting the
   * objectives, however good its predicted latency. Near saturation queueing latency turns on small
   * errors in the modelled capacity (docs/benchmarks.md, latency model against the simulator: p99
   * TTFT within tens of percent up to 85% utilisation, not beyond), a rise within one cold start (3 min
   * and more) cannot be answered by new replicas, and past saturation the queue grows without bound.
   */
  public static final double MAX_PLANNED_UTILISATION = 0.85;

  /**
   * When no plan meets the objectives, plans within this factor of the best achievable SLO ratio count
   * as equally good and the cheapest of them is taken. Latency falls ever more slowly with replicas, so
   * the very best ratio sits at replicas.max while one 2% worse may need a fraction of the fleet; the
   * model cannot tell them apart (its p99 errors are tens of percent, docs/benchmarks.md).
   */
  public static final double UNREACHABLE_RATIO_SLACK = 1.02;

  private FrontierOptimizer() {}

  /**
   * Whether a step carrying a full prefill chunk of prompt tokens stays within the ITL objective (no
   * chunk, the engine's own setting with no knob: true, as no choice differs). Where it does not, the
   * token gaps of such steps all miss, and whether that is under 1 - p of the gaps turns on how bursty
   * the prompts come: so among plans of equal cost the optimizer takes a chunk that keeps ITL where that
   * plan leaves at least half the objectives free ({@link #ROBUST_CHUNK_MAX_RATIO}), and the stability
   * rules let a change to one through without the saving threshold. Where latency is tighter the lower
   * ratio decides: on long prompts a small chunk costs TTFT that a large one does not.
   */
  /** The largest SLO ratio at which a chunk that keeps ITL is preferred at equal cost (see chunkKeepsItl). */
  public static final double ROBUST_CHUNK_MAX_RATIO = 0.5;

  public static boolean chunkKeepsItl(ReplicaProfile profile, OptionalInt chunk, LatencyObjective objective) {
    return chunk.isEmpty() || fullChunkStepMillis(profile, chunk.getAsInt()) <= millis(objective.itl());
  }

  /**
   * Where a setting's full prefill chunk step lies this close below the ITL objective, the setting's ITL
   * is planned this far inside it. Why: once more than 1 - p of the token gaps fall in prefill steps, the
   * percentile is that step's length, which no fleet size changes; an error of the model there flips the
   * verdict for every such plan at once, and the replicas the closed loop adds do not move it (70B on two
   * H100s at a 512-token chunk: a 93 ms step against 100 ms; the tail correction learnt there bought 34
   * replicas where 16 at the 8192 chunk met ITL). The margin is the model's largest under-prediction of
   * p99 ITL where prefill steps set it in the cross-check against the simulator (-13 %,
   * docs/benchmarks.md), rounded up. A chunk whose step is shorter, or longer than the objective (its
   * percentile then turns on the share of such gaps, which replicas do lower), plans at the objective.
   */
  public static final double EDGE_CHUNK_ITL_MARGIN = 0.15;

  /** The share of the ITL objective a setting plans its ITL at: 1, or 1 - margin at an edge chunk. */
  public static double itlPlanningShare(ReplicaProfile profile, OptionalInt chunk, LatencyObjective objective) {
    if (chunk.isEmpty()) {
      return 1.0;
    }
    double step = fullChunkStepMillis(profile, chunk.getAsInt());
    double itl = millis(objective.itl());
    return step <= itl && step > (1.0 - EDGE_CHUNK_ITL_MARGIN) * itl ? 1.0 - EDGE_CHUNK_ITL_MARGIN : 1.0;
  }

  /** One sequence's step carrying a full chunk of prompt tokens, milliseconds. */
  private static double fullChunkStepMillis(ReplicaProfile profile, int chunk) {
    return profile.stepMillis(1, 0, chunk, ReplicaProfile.prefillPairs(0, chunk));
  }

  private static double millis(java.time.Duration d) {
    return d.toNanos() / 1e6;
  }

  /**
   * How far a plan's prediction is from the objectives: the larger latency ratio (1 = at the
   * objective) or the utilisation over {@link #MAX_PLANNED_UTILISATION}, infinite when saturated.
   * Non-increasing in the replicas at fixed batch settings, as both terms are.
   */
  public static double sloRatio(LatencyObjective objective, LatencyPrediction p) {
    return sloRatio(objective, p, 1.0);
  }

  /** As the optimizer counts a plan at a setting: its ITL against the setting's {@link #itlPlanningShare}. */
  public static double sloRatio(ReplicaProfile profile, OptionalInt chunk, LatencyObjective objective,
      LatencyPrediction p) {
    return sloRatio(objective, p, itlPlanningShare(profile, chunk, objective));
  }

  static double sloRatio(LatencyObjective objective, LatencyPrediction p, double itlShare) {
    if (p.saturated()) {
      return Double.POSITIVE_INFINITY;
    }
    double latency = Math.max(p.ttftMillis() / millis(objective.ttft()),
        p.itlMillis() / (millis(objective.itl()) * itlShare));
    return Math.max(latency, p.utilisation() / MAX_PLANNED_UTILISATION);
  }

  /** The selection rules with the best-latency answer to overload ({@link OverloadAnswer#BEST_LATENCY}). */
  public static Optimization optimize(CostPolicy policy, Load load, CostModel costs) {
    return optimize(policy, load, costs, OverloadAnswer.BEST_LATENCY);
  }

  /** The selection rules, with {@code overload} as priority SLO's answer when no plan meets the objectives. */
  public static Optimization optimize(CostPolicy policy, Load load, CostModel costs, OverloadAnswer overload) {
    PlanSpace space = new PlanSpace(policy, load, costs);
    int[] all = new int[space.settings()];
    for (int j = 0; j < all.length; j++) {
      all[j] = j;
    }
    PlanSelection.Selected selected = PlanSelection.select(space, all);
    if (overload == OverloadAnswer.REACHABLE_ATTAINMENT && selected.reason() == Reason.SloUnreachable) {
      Optional<Optimization> reachable = ReachableAttainment.plan(space, selected, all);
      if (reachable.isPresent()) {
        return reachable.get();
      }
    }
    return new Optimization(space.point(selected.setting(), selected.total()), selected.reason(), space);
  }

  /**
   * Expected cost per hour above which a plan is over budget: the hourly cap, and the CPT cap times
   * the offered output tokens per hour (only while tokens flow). Infinite when neither applies.
   */
  public static double budgetCapUsdPerHour(CostPolicy policy, Load load) {
    double cap = policy.budget().maxSpend().map(UsdPerHour::value).orElse(Double.POSITIVE_INFINITY);
    double tokensPerHour = load.outputTokenRate().value() * 3600.0;
    if (tokensPerHour > 0 && policy.budget().maxCostPerMillionTokens().isPresent()) {
      cap = Math.min(cap, policy.budget().maxCostPerMillionTokens().get().value() * tokensPerHour / 1_000_000.0);
    }
    return cap;
  }

  /**
   * On-demand replicas that keep the load below saturation on their own at a cap (so the fleet
   * survives every spot replica vanishing at once); max int if a request does not fit at all.
   */
  public static int onDemandToCarry(ReplicaProfile profile, Load load, int batchCap) {
    return onDemandToCarry(profile, load, batchCap, OptionalInt.empty());
  }

  /** As above at a prefill chunk (empty: the engine default). */
  public static int onDemandToCarry(ReplicaProfile profile, Load load, int batchCap, OptionalInt prefillChunk) {
    double rate = load.rate().value();
    if (rate <= 0) {
      return 0;
    }
    double perReplica = LatencyModel.maxRequestRatePerReplica(profile, load, batchCap, prefillChunk).value();
    if (perReplica <= 0) {
      return Integer.MAX_VALUE;
    }
    double needed = Math.floor(rate / perReplica) + 1;
    return needed >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) needed;
  }
}
