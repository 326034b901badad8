package io.costslo.core.feedback;

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
}
