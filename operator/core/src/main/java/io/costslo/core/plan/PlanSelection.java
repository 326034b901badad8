package io.costslo.core.plan;

import io.costslo.core.decision.Reason;
import io.costslo.core.policy.Priority;

/**
 * The selection rules of {@link FrontierOptimizer} over a {@link PlanSpace}, including overload:
 * each rule's best plan at a setting lies at a boundary of the totals, found by binary search.
 */
final class PlanSelection {

  /** The chosen setting index, total and why; for SloUnreachable also the best-latency plan (else -1). */
  record Selected(int setting, int total, Reason reason, int bestSetting, int bestTotal) {
    Selected(int setting, int total, Reason reason) {
      this(setting, total, reason, -1, -1);
    }
  }

  private PlanSelection() {}

  static Selected select(PlanSpace s, int[] js) {
    int tMin = s.tMin;
    int tMax = s.tMax;
    int bestJ = -1;
    int bestT = -1;
    // Rule 1: meets objectives and budget, cheapest first.
    for (int j : js) {
      int t0 = s.firstRatioAtMost(j, tMin, tMax, 1.0);
      if (t0 >= 0 && s.withinBudget(s.cost(j, t0))) {
        int t = cheapestIn(s, j, t0, tMax);
        if (bestJ < 0 || cheaperFirst(s, j, t, bestJ, bestT)) {
          bestJ = j;
          bestT = t;
        }
      }
    }
    if (bestJ >= 0) {
      boolean idle = s.load.rate().value() <= 0;
      return new Selected(bestJ, bestT, idle ? Reason.BoundsOnly : Reason.CheapestFeasible);
    }
    if (s.policy.priority() == Priority.SLO) {
      for (int j : js) {
        int t0 = s.firstRatioAtMost(j, tMin, tMax, 1.0);
        if (t0 >= 0) {
          int t = cheapestIn(s, j, t0, tMax);
          if (bestJ < 0 || cheaperFirst(s, j, t, bestJ, bestT)) {
            bestJ = j;
            bestT = t;
          }
        }
      }
      if (bestJ >= 0) {
        return new Selected(bestJ, bestT, Reason.OverBudgetSloFirst);
      }
      for (int j : js) {
        int t = bestLatencyIn(s, j, tMin, tMax);
        if (bestJ < 0 || betterLatencyFirst(s, j, t, bestJ, bestT)) {
          bestJ = j;
          bestT = t;
        }
      }
      int latencyJ = bestJ;
      int latencyT = bestT;
      double best = s.ratio(bestJ, bestT);
      if (Double.isFinite(best)) {
        // The cheapest plan as good as the best within the slack (FrontierOptimizer.UNREACHABLE_RATIO_SLACK).
        double good = best * FrontierOptimizer.UNREACHABLE_RATIO_SLACK;
        for (int j : js) {
          int t0 = s.firstRatioAtMost(j, tMin, tMax, good);
          if (t0 >= 0) {
            int t = cheapestIn(s, j, t0, tMax);
            if (cheaperFirst(s, j, t, bestJ, bestT)) {
              bestJ = j;
              bestT = t;
            }
          }
        }
      }
      return new Selected(bestJ, bestT, Reason.SloUnreachable, latencyJ, latencyT);
    }
    for (int j : js) {
      int tCap = s.lastWithinBudget(j);
      if (tCap >= 0) {
        int t = bestLatencyIn(s, j, tMin, tCap);
        if (bestJ < 0 || betterLatencyFirst(s, j, t, bestJ, bestT)) {
          bestJ = j;
          bestT = t;
        }
      }
    }
    if (bestJ >= 0) {
      return new Selected(bestJ, bestT, Reason.SloAtRiskBudgetFirst);
    }
    for (int j : js) {
      int t = cheapestIn(s, j, tMin, tMax);
      if (bestJ < 0 || cheaperFirst(s, j, t, bestJ, bestT)) {
        bestJ = j;
        bestT = t;
      }
    }
    return new Selected(bestJ, bestT, Reason.BudgetUnreachable);
  }

  /** Cheapest-first in [lo, hi]: lo, unless later totals cost exactly the same and have a lower ratio. */
  private static int cheapestIn(PlanSpace s, int j, int lo, int hi) {
    double c = s.cost(j, lo);
    int best = lo;
    // t > lo stops at int overflow when hi is max int.
    for (int t = lo + 1; t > lo && t <= hi && s.cost(j, t) == c; t++) {
      if (s.ratio(j, t) < s.ratio(j, best)) {
        best = t;
      }
    }
    return best;
  }

  /**
   * Best-latency-first in [lo, hi]: the smallest (so cheapest) total reaching the ratio at hi; hi
   * itself when every total saturates (utilisation falls with the total).
   */
  private static int bestLatencyIn(PlanSpace s, int j, int lo, int hi) {
    return Double.isInfinite(s.ratio(j, hi)) ? hi : s.firstRatioAtMost(j, lo, hi, s.ratio(j, hi));
  }

  /** Cheaper; at equal cost a robust chunk (PlanSpace.robustChunk) first, then the lower ratio, fewer replicas, the index. */
  private static boolean cheaperFirst(PlanSpace s, int j1, int t1, int j2, int t2) {
    int c = Double.compare(s.cost(j1, t1), s.cost(j2, t2));
    if (c != 0) {
      return c < 0;
    }
    boolean robust1 = s.robustChunk(j1, s.ratio(j1, t1));
    boolean robust2 = s.robustChunk(j2, s.ratio(j2, t2));
    if (robust1 != robust2) {
      return robust1;
    }
    c = Double.compare(s.ratio(j1, t1), s.ratio(j2, t2));
    if (c != 0) {
      return c < 0;
    }
    return t1 != t2 ? t1 < t2 : j1 < j2;
  }

  private static boolean betterLatencyFirst(PlanSpace s, int j1, int t1, int j2, int t2) {
    int c = Double.compare(s.ratio(j1, t1), s.ratio(j2, t2));
    if (c != 0) {
      return c < 0;
    }
    if (Double.isInfinite(s.ratio(j1, t1))) {
      // Both saturate: the lower utilisation drains the queue faster.
      c = Double.compare(s.prediction(j1, t1).utilisation(), s.prediction(j2, t2).utilisation());
      if (c != 0) {
        return c < 0;
      }
    }
    c = Double.compare(s.cost(j1, t1), s.cost(j2, t2));
    if (c != 0) {
      return c < 0;
    }
    return t1 != t2 ? t1 < t2 : j1 < j2;
  }
}
