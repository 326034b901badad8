package io.costslo.core.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The Pareto frontier of a {@link PlanSpace}: a k-way merge of the per-setting lists (each sorted by
 * cost, ratio non-increasing), cheapest first, at most {@link FrontierOptimizer#MAX_FRONTIER_POINTS}
 * points and {@link FrontierOptimizer#FRONTIER_CELL_BUDGET} new cells (a heap, so each step is
 * O(log settings) whatever their number).
 */
final class FrontierMerge {

  private FrontierMerge() {}

  /** A setting's next total and its cost, computed once when it enters the heap (the comparisons reread it). */
  private record Head(int setting, int total, double cost) {}

  /**
   * @param beyondMeeting points to merge after the first one meeting the objectives; max int for the
   *     whole frontier
   */
  static List<FrontierPoint> frontier(PlanSpace s, int beyondMeeting) {
    PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> {
      int c = Double.compare(a.cost(), b.cost());
      if (c != 0) {
        return c;
      }
      c = Double.compare(s.ratio(a.setting(), a.total()), s.ratio(b.setting(), b.total()));
      return c != 0 ? c : Integer.compare(a.setting(), b.setting());
    });
    for (int j = 0; j < s.settings(); j++) {
      heads.add(new Head(j, s.tMin, s.cost(j, s.tMin)));
    }
    List<FrontierPoint> out = new ArrayList<>();
    double bestRatio = Double.POSITIVE_INFINITY;
    int budget = s.cellsEvaluated() + FrontierOptimizer.FRONTIER_CELL_BUDGET;
    long stopAt = FrontierOptimizer.MAX_FRONTIER_POINTS;
    while (!heads.isEmpty() && out.size() < stopAt && s.cellsEvaluated() < budget) {
      Head head = heads.poll();
      int pick = head.setting();
      int t = head.total();
      long next = (long) t + 1;
      double r = s.ratio(pick, t);
      if (r < bestRatio) {
        if (bestRatio > 1.0 && r <= 1.0) {
          stopAt = Math.min(stopAt, out.size() + 1L + beyondMeeting);
        }
        bestRatio = r;
        out.add(s.point(pick, t));
      } else {
        // This setting's totals up to the first one beating the best ratio so far cannot join the
        // frontier (ratio only falls with the total, the bar only rises), so skip them.
        next = t < s.tMax ? s.firstRatioBelow(pick, t + 1, s.tMax, bestRatio) : next;
      }
      if (next <= s.tMax) {
        heads.add(new Head(pick, (int) next, s.cost(pick, (int) next)));
      }
    }
    return out;
  }
}
