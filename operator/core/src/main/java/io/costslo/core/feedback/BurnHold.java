package io.costslo.core.feedback;

import io.costslo.core.cost.CostModel;
import io.costslo.core.load.Load;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.units.UsdPerHour;
import java.time.Duration;

/**
 * While the long window spends its error budget (burn above {@link #HOLD_RELEASE_BURN}) and some short
 * window within it spent it faster than it accrues (peak short burn above 1: a burst), scale-down looks
 * back over that whole window instead of the policy's scale-down window: bursts shorter than a cold
 * start cannot be met by replicas started when they arrive, so the fleet that the last bursts needed is
 * kept until the budget stops burning (the HPA's stabilization window, stretched by the SLO's own
 * signal). A budget spent at a steady pace below the allowed one is no burst's: holding there kept a 70B
 * fleet at its warm-start size (64 replicas for 20 rps) for an hour at a long burn of 0.6. Scale-up
 * is untouched, and a budget that is not burning leaves the policy's window as written. A fleet that
 * already costs more than the hard spend cap (a quota's allowance) is never held: the cap comes first.
 * Nor is one where no fleet size brings the model's miss share within half the planned share at the
 * load of the long window's busiest minute ({@link ReserveSizing#meetsSomewhere}, {@link #peakRate}):
 * there the fleet the hold would keep is an overload answer (the best latency within the bounds, near
 * replicas.max), not one a burst needed, and misses no replica prevents keep the long window burning,
 * so the hold would not end (70B code 1x: 63 replicas held for 45 min at the current load; 47 held
 * at 0.2-0.3 req/s while the hour still held a 10 req/s burst no size serves).
 */
final class BurnHold {

  private BurnHold() {}

  /**
   * The long window's burn rate below which the hold ends: half the allowed rate, not 1, so a budget
   * that has just stopped overspending (the bursts that spent it may come back) keeps the fleet, while
   * one that is really recovering lets it go.
   */
  static final double HOLD_RELEASE_BURN = 0.5;

  /**
   * The arrival rate of the busiest bucket the error budget holds (its long window), req/s; 0 when it
   * holds none. The buckets count every request, irreducible ones included.
   */
  static double peakRate(ErrorBudgetState history, Duration bucket) {
    double peak = 0.0;
    for (ErrorBudgetState.Bucket b : history.buckets()) {
      peak = Math.max(peak, b.requests());
    }
    return peak / bucket.getSeconds();
  }

  /**
   * The planning policy, its scale-down window stretched to {@code longWindow} where the hold applies;
   * {@code burstLoad} is the load of the long window's busiest minute (or the current one, if busier).
   */
  static CostPolicy apply(CostPolicy planning, BurnRates burn, Plan current, CostModel costs, Load burstLoad,
      Duration longWindow) {
    CostPolicy.StabilityOptions s = planning.stability();
    if (!(burn.longWindow() > HOLD_RELEASE_BURN) || !(burn.peakShortWindow() > 1.0)
        || longWindow.compareTo(s.scaleDownWindow()) <= 0
        || !ReserveSizing.meetsSomewhere(planning, burstLoad)) {
      return planning;
    }
    UsdPerHour running = costs.expected(current.onDemandReplicas(), current.spotReplicas());
    if (planning.budget().maxSpend().filter(cap -> running.compareTo(cap) > 0).isPresent()) {
      return planning;
    }
    return planning.withStability(
        new CostPolicy.StabilityOptions(longWindow, s.batchChangeMinInterval(), s.batchChangeMinSaving()));
  }
}
