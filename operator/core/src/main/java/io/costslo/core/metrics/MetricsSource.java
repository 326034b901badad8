package io.costslo.core.metrics;

/**
 * Port: reads serving metrics for one policy's target. Implementations query Prometheus or scrape
 * pods; tests and the simulator use in-memory ones.
 */
public interface MetricsSource {

  /**
   * @throws MetricsUnavailableException when the data is missing, stale, NaN or contradictory; the
   *     message says why, and the caller holds the current plan.
   */
  Observation observe(MetricsQuery query) throws MetricsUnavailableException;
}
