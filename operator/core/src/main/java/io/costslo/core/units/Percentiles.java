package io.costslo.core.units;

/** How a percentile is written in status, events and tables: 0.99 is "p99", 0.999 is "p99.9". */
public final class Percentiles {
  private Percentiles() {}

  /** @param fraction the quantile as a fraction, e.g. 0.99 */
  public static String label(double fraction) {
    double pct = Math.round(fraction * 100 * 1000) / 1000.0;
    return "p" + (pct == Math.rint(pct) ? Long.toString((long) pct) : Double.toString(pct));
  }
}
