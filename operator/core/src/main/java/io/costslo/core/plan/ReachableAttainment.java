package io.costslo.core.plan;

import io.costslo.core.decision.Reason;
import java.util.Optional;

/**
 * {@link OverloadAnswer#REACHABLE_ATTAINMENT}: overload in which more capacity stops helping. No plan
 * meets the objectives at their percentile, yet the best-latency plan meets them at a lower one. That
 * is the attainment the bounds can reach (the rest are requests no size serves in time, such as prompts
 * whose own prefill outlasts the TTFT objective), so the plan is the cheapest meeting the objectives at
 * that percentile less half an error budget, (1 - percentile) / 2, as the simulator's bound takes a
 * window no size meets. The best-latency answer instead buys the replicas that shave the last percent
 * off a tail no replica removes: the ratio falls ever more slowly with the total (70B on code traffic:
 * 2.25x at 7 replicas, 1.65x at 64, and 2% above the best at about 55).
 */
final class ReachableAttainment {
  /** Lowest percentile planned at (as {@code LatencyModel.checkPercentile} allows). */
  static final double LOWEST_PERCENTILE = 0.5;
  /** Bisection steps over [0.5, percentile]: a step under 1e-6 of the percentile. */
  private static final int STEPS = 20;

  private ReachableAttainment() {}

  /**
   * The cheapest plan meeting the objectives at the reachable percentile less half an error budget;
   * empty when even the median misses at the best plan, where the best-latency answer stands.
   */
  static Optional<Optimization> plan(PlanSpace space, PlanSelection.Selected unreachable, int[] settings) {
    int j = unreachable.bestSetting();
    int t = unreachable.bestTotal();
    if (j < 0 || !Double.isFinite(space.ratio(j, t))) {
      return Optional.empty();
    }
    double percentile = space.policy.objective().percentile();
    double reachable = reachablePercentile(space, j, t, percentile);
    if (Double.isNaN(reachable)) {
      return Optional.empty();
    }
    double planned = Math.max(LOWEST_PERCENTILE, reachable - (1.0 - percentile) / 2.0);
    PlanSpace relaxed = space.atPercentile(planned);
    PlanSelection.Selected s = PlanSelection.select(relaxed, settings);
    if (s.reason() != Reason.CheapestFeasible && s.reason() != Reason.OverBudgetSloFirst) {
      return Optional.empty();
    }
    return Optional.of(new Optimization(relaxed.point(s.setting(), s.total()), Reason.SloUnreachable, relaxed,
        Optional.of(new Optimization.Reachable(percentile, reachable, planned, space.point(j, t)))));
  }

  /** The largest percentile in [0.5, percentile) at which plan (j, t) meets the objectives, NaN if none. */
  static double reachablePercentile(PlanSpace space, int j, int t, double percentile) {
    if (!(space.ratioAtPercentile(j, t, LOWEST_PERCENTILE) <= 1.0)) {
      return Double.NaN;
    }
    double lo = LOWEST_PERCENTILE;
    double hi = percentile;
    for (int i = 0; i < STEPS; i++) {
      double mid = (lo + hi) / 2;
      if (space.ratioAtPercentile(j, t, mid) <= 1.0) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
