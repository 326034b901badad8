package io.costslo.core.plan;

import io.costslo.core.cost.CostModel;
import io.costslo.core.decision.Reason;
import io.costslo.core.load.Load;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.LatencyPrediction;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.Priority;
import io.costslo.core.units.UsdPerHour;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Searches on-demand replicas x spot replicas x batch caps for the cheapest plan that meets the
 * objectives and the budget, and keeps the cost-latency Pareto frontier.
 *
 * <h2>Selection rules (the definition exhaustive search is tested against)</h2>
 * A plan is valid when its total lies in the replica bounds, its batch cap is allowed, and, if it
 * has any spot replica, spot is enabled, spot &lt;= floor(maxSpotShare x total) and on-demand &gt;=
 * max(minOnDemandReplicas, the on-demand count that alone stays below saturation at that cap).
 * Plans compare on expected cost (billed + spot risk) and SLO ratio max(TTFT/objective, ITL/objective).
 * <ol>
 *   <li>Among plans meeting the objectives (ratio &lt;= 1) and the budget: least cost, then least
 *       ratio, then fewest replicas, then smallest cap, then fewest spot. Reason CheapestFeasible
 *       (BoundsOnly when there is no traffic).
 *   <li>Else, priority SLO: among plans meeting the objectives, the same order (OverBudgetSloFirst);
 *       if none, least ratio, then least cost, replicas, cap, spot (SloUnreachable).
 *   <li>Else, priority BUDGET: among plans within budget, least ratio, then cost, replicas, cap, spot
 *       (SloAtRiskBudgetFirst); if none, the cheapest-first order over all plans (BudgetUnreachable).
 * </ol>
 * In the best-latency orders, plans that all saturate (infinite ratio) compare on utilisation
 * first, so overload takes the most capacity available, never the minimum.
 *
 * <h2>Why it is fast and still exact</h2>
 * <ul>
 *   <li>Latency depends on the total and the cap only, so it is computed once per (total, cap).
 *   <li>For a total, cost is linear in the spot count on either side of the point where the
 *       non-spot replicas all fit on reserved GPUs, so the cheapest split is no spot, that point, or
 *       all allowed spot ({@code CostModel.cheapestSpot}); ties go to fewer spot.
 *   <li>For a cap, the cheapest-split cost is non-decreasing in the total (the allowed spot count
 *       grows by at most one per extra replica, and one spot replica never saves more than an
 *       on-demand one costs) and the SLO ratio is non-increasing (the latency model is monotone in
 *       per-replica load). So "meets the objectives" is a suffix of totals and "within budget" a
 *       prefix, found by binary search; the best plan of each rule is at a boundary.
 * </ul>
 * The frontier is a k-way merge of the per-cap lists, which are already sorted by cost; a cap whose
 * next total does not beat the best ratio so far jumps (binary search) to the first total that does.
 */
public final class FrontierOptimizer {

  /** The frontier is cut after this many points (cheapest first); status shows a few of them. */
  public static final int MAX_FRONTIER_POINTS = 256;
  /**
   * Cells the frontier may evaluate beyond those the selection did. With many caps each cap may be
   * revisited once per point, so without it the work grows as caps x points; cut there, the frontier
   * is still its cheapest-first prefix.
   */
  public static final int FRONTIER_CELL_BUDGET = 50_000;

  private FrontierOptimizer() {}

  public static Optimization optimize(CostPolicy policy, Load load, CostModel costs) {
    Space space = new Space(policy, load, costs);
    int[] all = new int[space.caps.length];
    for (int j = 0; j < all.length; j++) {
      all[j] = j;
    }
    Selected selected = space.select(all);
    return new Optimization(space.point(selected.cap, selected.total), selected.reason, space.frontier(), space);
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
    double rate = load.rate().value();
    if (rate <= 0) {
      return 0;
    }
    double perReplica = LatencyModel.maxRequestRatePerReplica(profile, load, batchCap).value();
    if (perReplica <= 0) {
      return Integer.MAX_VALUE;
    }
    double needed = Math.floor(rate / perReplica) + 1;
    return needed >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) needed;
  }

  private record Selected(int cap, int total, Reason reason) {}

  /** The evaluated search space of one decision, with per-(total, cap) caches. */
  static final class Space {
    private final CostPolicy policy;
    private final Load load;
    private final CostModel costs;
    private final ReplicaProfile profile;
    private final double percentile;
    private final int tMin;
    private final int tMax;
    final int[] caps;
    private final int[] onDemandFloor;
    private final boolean spotHelps;
    private final double budgetCap;
    /**
     * Evaluated (cap, total) cells, keyed {@code cap index << 32 | total}: a sparse cache, since the
     * searches touch O(caps x log(totals)) cells and a dense table of every cell would grow with
     * replicas.max (an int the user writes).
     */
    private final java.util.HashMap<Long, Cell> cells = new java.util.HashMap<>();

    private record Cell(LatencyPrediction prediction, double ratio) {}

    Space(CostPolicy policy, Load load, CostModel costs) {
      this.policy = policy;
      this.load = load;
      this.costs = costs;
      this.profile = policy.capacity().profile();
      this.percentile = policy.objective().percentile();
      this.tMin = policy.replicas().min();
      this.tMax = policy.replicas().max();
      this.caps = policy.batch().allowedCaps().stream().mapToInt(Integer::intValue).toArray();
      this.onDemandFloor = new int[caps.length];
      for (int j = 0; j < caps.length; j++) {
        onDemandFloor[j] = Math.max(policy.spot().minOnDemandReplicas(), onDemandToCarry(profile, load, caps[j]));
      }
      this.spotHelps = policy.spot().enabled() && costs.spotSavingUsdPerReplicaHour() > 0;
      this.budgetCap = budgetCapUsdPerHour(policy, load);
    }

    int spot(int j, int total) {
      if (!spotHelps) {
        return 0;
      }
      int byShare = (int) Math.floor(policy.spot().maxSpotShare() * total + 1e-9);
      long byFloor = (long) total - onDemandFloor[j];
      return costs.cheapestSpot(total, (int) Math.max(0, Math.min(byShare, byFloor)));
    }

    double cost(int j, int total) {
      int sp = spot(j, total);
      return costs.expectedValue(total - sp, sp);
    }

    boolean withinBudget(double cost) {
      return cost <= budgetCap;
    }

    private Cell cell(int j, int total) {
      return cells.computeIfAbsent(((long) j << 32) | total, k -> {
        LatencyPrediction p = LatencyModel.predict(profile, load, total, caps[j], percentile);
        return new Cell(p, p.saturated() ? Double.POSITIVE_INFINITY
            : policy.objective().ratio(p.ttftMillis(), p.itlMillis()));
      });
    }

    /** Cells evaluated so far (for the bounds test). */
    int cellsEvaluated() {
      return cells.size();
    }

    LatencyPrediction prediction(int j, int total) {
      return cell(j, total).prediction();
    }

    double ratio(int j, int total) {
      return cell(j, total).ratio();
    }

    /** Smallest total in [lo, hi] with ratio <= limit, or -1; ratio is non-increasing in the total. */
    private int firstRatioAtMost(int j, int lo, int hi, double limit) {
      if (lo > hi || !(ratio(j, hi) <= limit)) {
        return -1;
      }
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (ratio(j, mid) <= limit) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      return lo;
    }

    /** Smallest total in [lo, hi] with ratio strictly below limit, or hi + 1 (a long: hi may be max int). */
    private long firstRatioBelow(int j, int lo, int hi, double limit) {
      if (lo > hi || !(ratio(j, hi) < limit)) {
        return (long) hi + 1;
      }
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (ratio(j, mid) < limit) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      return lo;
    }

    /** Largest total in [tMin, tMax] within budget, or -1; cost is non-decreasing in the total. */
    private int lastWithinBudget(int j) {
      if (!withinBudget(cost(j, tMin))) {
        return -1;
      }
      int lo = tMin;
      int hi = tMax;
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (withinBudget(cost(j, mid))) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      return lo;
    }

    /** Cheapest-first in [lo, hi]: lo, unless later totals cost exactly the same and have a lower ratio. */
    private int cheapestIn(int j, int lo, int hi) {
      double c = cost(j, lo);
      int best = lo;
      // t > lo stops at int overflow when hi is max int.
      for (int t = lo + 1; t > lo && t <= hi && cost(j, t) == c; t++) {
        if (ratio(j, t) < ratio(j, best)) {
          best = t;
        }
      }
      return best;
    }

    /**
     * Best-latency-first in [lo, hi]: the smallest (so cheapest) total reaching the ratio at hi; hi
     * itself when every total saturates (utilisation falls with the total).
     */
    private int bestLatencyIn(int j, int lo, int hi) {
      return Double.isInfinite(ratio(j, hi)) ? hi : firstRatioAtMost(j, lo, hi, ratio(j, hi));
    }

    private boolean cheaperFirst(int j1, int t1, int j2, int t2) {
      int c = Double.compare(cost(j1, t1), cost(j2, t2));
      if (c != 0) {
        return c < 0;
      }
      c = Double.compare(ratio(j1, t1), ratio(j2, t2));
      if (c != 0) {
        return c < 0;
      }
      return t1 != t2 ? t1 < t2 : caps[j1] < caps[j2];
    }

    private boolean betterLatencyFirst(int j1, int t1, int j2, int t2) {
      int c = Double.compare(ratio(j1, t1), ratio(j2, t2));
      if (c != 0) {
        return c < 0;
      }
      if (Double.isInfinite(ratio(j1, t1))) {
        // Both saturate: the lower utilisation drains the queue faster.
        c = Double.compare(prediction(j1, t1).utilisation(), prediction(j2, t2).utilisation());
        if (c != 0) {
          return c < 0;
        }
      }
      c = Double.compare(cost(j1, t1), cost(j2, t2));
      if (c != 0) {
        return c < 0;
      }
      return t1 != t2 ? t1 < t2 : caps[j1] < caps[j2];
    }

    Selected select(int[] js) {
      int bestJ = -1;
      int bestT = -1;
      // Rule 1: meets objectives and budget, cheapest first.
      for (int j : js) {
        int t0 = firstRatioAtMost(j, tMin, tMax, 1.0);
        if (t0 >= 0 && withinBudget(cost(j, t0))) {
          int t = cheapestIn(j, t0, tMax);
          if (bestJ < 0 || cheaperFirst(j, t, bestJ, bestT)) {
            bestJ = j;
            bestT = t;
          }
        }
      }
      if (bestJ >= 0) {
        boolean idle = load.rate().value() <= 0;
        return new Selected(bestJ, bestT, idle ? Reason.BoundsOnly : Reason.CheapestFeasible);
      }
      if (policy.priority() == Priority.SLO) {
        for (int j : js) {
          int t0 = firstRatioAtMost(j, tMin, tMax, 1.0);
          if (t0 >= 0) {
            int t = cheapestIn(j, t0, tMax);
            if (bestJ < 0 || cheaperFirst(j, t, bestJ, bestT)) {
              bestJ = j;
              bestT = t;
            }
          }
        }
        if (bestJ >= 0) {
          return new Selected(bestJ, bestT, Reason.OverBudgetSloFirst);
        }
        for (int j : js) {
          int t = bestLatencyIn(j, tMin, tMax);
          if (bestJ < 0 || betterLatencyFirst(j, t, bestJ, bestT)) {
            bestJ = j;
            bestT = t;
          }
        }
        return new Selected(bestJ, bestT, Reason.SloUnreachable);
      }
      for (int j : js) {
        int tCap = lastWithinBudget(j);
        if (tCap >= 0) {
          int t = bestLatencyIn(j, tMin, tCap);
          if (bestJ < 0 || betterLatencyFirst(j, t, bestJ, bestT)) {
            bestJ = j;
            bestT = t;
          }
        }
      }
      if (bestJ >= 0) {
        return new Selected(bestJ, bestT, Reason.SloAtRiskBudgetFirst);
      }
      for (int j : js) {
        int t = cheapestIn(j, tMin, tMax);
        if (bestJ < 0 || cheaperFirst(j, t, bestJ, bestT)) {
          bestJ = j;
          bestT = t;
        }
      }
      return new Selected(bestJ, bestT, Reason.BudgetUnreachable);
    }

    FrontierPoint point(int j, int total) {
      return point(j, total, total - spot(j, total));
    }

    /** An explicit split; latency depends only on the total and the cap. */
    FrontierPoint point(int j, int total, int od) {
      int sp = total - od;
      LatencyPrediction p = prediction(j, total);
      UsdPerHour expected = costs.expected(od, sp);
      return new FrontierPoint(new Plan(od, sp, caps[j]), costs.billed(od, sp), expected,
          CostModel.costPerMillionTokens(expected, load), p, ratio(j, total),
          ratio(j, total) <= 1.0, withinBudget(expected.value()));
    }

    /**
     * k-way merge of the per-cap lists (each sorted by cost, ratio non-increasing) into the frontier,
     * cheapest first, at most {@link #MAX_FRONTIER_POINTS} points and {@link #FRONTIER_CELL_BUDGET}
     * new cells (a heap, so each step is O(log caps) whatever the number of caps).
     */
    List<FrontierPoint> frontier() {
      java.util.PriorityQueue<int[]> heads = new java.util.PriorityQueue<>((a, b) ->
          lessCostThenRatio(a[0], a[1], b[0], b[1]) ? -1
              : lessCostThenRatio(b[0], b[1], a[0], a[1]) ? 1 : Integer.compare(a[0], b[0]));
      for (int j = 0; j < caps.length; j++) {
        heads.add(new int[] {j, tMin});
      }
      List<FrontierPoint> out = new ArrayList<>();
      double bestRatio = Double.POSITIVE_INFINITY;
      int budget = cells.size() + FRONTIER_CELL_BUDGET;
      while (!heads.isEmpty() && out.size() < MAX_FRONTIER_POINTS && cells.size() < budget) {
        int[] head = heads.poll();
        int pick = head[0];
        int t = head[1];
        long next = (long) t + 1;
        double r = ratio(pick, t);
        if (r < bestRatio) {
          bestRatio = r;
          out.add(point(pick, t));
        } else {
          // This cap's totals up to the first one beating the best ratio so far cannot join the
          // frontier (ratio only falls with the total, the bar only rises), so skip them.
          next = t < tMax ? firstRatioBelow(pick, t + 1, tMax, bestRatio) : next;
        }
        if (next <= tMax) {
          heads.add(new int[] {pick, (int) next});
        }
      }
      return out;
    }

    private boolean lessCostThenRatio(int j1, int t1, int j2, int t2) {
      int c = Double.compare(cost(j1, t1), cost(j2, t2));
      return c != 0 ? c < 0 : ratio(j1, t1) < ratio(j2, t2);
    }

    Optional<FrontierPoint> bestAt(int batchCap) {
      for (int j = 0; j < caps.length; j++) {
        if (caps[j] == batchCap) {
          Selected s = select(new int[] {j});
          return Optional.of(point(s.cap, s.total));
        }
      }
      return Optional.empty();
    }

    Optional<FrontierPoint> pointFor(Plan plan) {
      int total = plan.totalReplicas();
      if (total < tMin || total > tMax) {
        return Optional.empty();
      }
      for (int j = 0; j < caps.length; j++) {
        if (caps[j] == plan.batchCap()) {
          return Optional.of(point(j, total, plan.onDemandReplicas()));
        }
      }
      return Optional.empty();
    }

    Optional<FrontierPoint> pointFor(int totalReplicas, int batchCap) {
      int t = Math.max(tMin, Math.min(tMax, totalReplicas));
      for (int j = 0; j < caps.length; j++) {
        if (caps[j] == batchCap) {
          return Optional.of(point(j, t));
        }
      }
      return Optional.empty();
    }
  }
}
