package io.costslo.core.metrics;

import java.time.Duration;
import java.util.Map;

/**
 * What to read: the deployment's identity, the window, the quantile of interest, and any PromQL
 * overrides from the policy keyed by figure name.
 */
public record MetricsQuery(
    String namespace, String deployment, Duration window, double percentile, Map<String, String> overrides) {

  public MetricsQuery {
    overrides = Map.copyOf(overrides);
  }
}
