package io.costslo.core.feedback;

import io.costslo.core.plan.OverloadAnswer;

/**
 * Error-budget burn over two windows, SRE style: burn 1 spends the budget exactly over the SLO
 * period, above 1 faster. NaN when a window holds no request.
 *
 * @param shortWindow burn over the short window (reacts fast, resets fast)
 * @param longWindow burn over the long window (filters blips)
 * @param longCoverage share of the long window that held requests, 0..1
 * @param headroom factor applied to the objectives, as steered so far: below 1 plans tighter
 *     (budget burning fast), above 1 looser (budget largely unspent)
 * @param peakShortWindow the highest burn over a short window ending within the long window (NaN: none
 *     held a request): above 1 when some stretch of it spent the budget faster than it accrues
 */
public record BurnRates(double shortWindow, double longWindow, double longCoverage, double headroom,
    double peakShortWindow) {

  /** Without the peak (tests of the steering, which does not read it). */
  public BurnRates(double shortWindow, double longWindow, double longCoverage, double headroom) {
    this(shortWindow, longWindow, longCoverage, headroom, Double.NaN);
  }

  /**
   * Priority SLO's answer when no plan meets the objectives: the best attainment within reach while the
   * long window has not overspent its error budget (burn below 1), capacity first otherwise or with no
   * burn measured yet. A budget that holds is the measured sign that the misses the model predicts at
   * every size are not ones more capacity would remove (70B on bursty code traffic: the p99 prompt's own
   * prefill outlasts the TTFT objective, and the best-latency answer bought 56 replicas for a 10 req/s
   * burst while the hour's budget held).
   */
  public OverloadAnswer overloadAnswer() {
    return longWindow < 1.0 ? OverloadAnswer.REACHABLE_ATTAINMENT : OverloadAnswer.BEST_LATENCY;
  }
}
