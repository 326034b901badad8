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

  static List<FrontierPoint> frontier(PlanSpace s) {
    PriorityQueue<int[]> heads = new PriorityQueue<>((a, b) ->
        lessCostThenRatio(s, a[0], a[1], b[0], b[1]) ? -1
            : lessCostThenRatio(s, b[0], b[1], a[0], a[1]) ? 1 : Integer.compare(a[0], b[0]));
    for (int j = 0; j < s.settings(); j++) {
      heads.add(new int[] {j, s.tMin});
    }
    List<FrontierPoint> out = new ArrayList<>();
    double bestRatio = Double.POSITIVE_INFINITY;
    int budget = s.cellsEvaluated() + FrontierOptimizer.FRONTIER_CELL_BUDGET;
    while (!heads.isEmpty() && out.size() < FrontierOptimizer.MAX_FRONTIER_POINTS && s.cellsEvaluated() < budget) {
      int[] head = heads.poll();
      int pick = head[0];
      int t = head[1];
      long next = (long) t + 1;
      double r = s.ratio(pick, t);
      if (r < bestRatio) {
        bestRatio = r;
        out.add(s.point(pick, t));
      } else {
        // This setting's totals up to the first one beating the best ratio so far cannot join the
        // frontier (ratio only falls with the total, the bar only rises), so skip them.
        next = t < s.tMax ? s.firstRatioBelow(pick, t + 1, s.tMax, bestRatio) : next;
      }
      if (next <= s.tMax) {
        heads.add(new int[] {pick, (int) next});
      }
    }
    return out;
  }

  private static boolean lessCostThenRatio(PlanSpace s, int j1, int t1, int j2, int t2) {
    int c = Double.compare(s.cost(j1, t1), s.cost(j2, t2));
    return c != 0 ? c < 0 : s.ratio(j1, t1) < s.ratio(j2, t2);
  }
}
