package io.costslo.core.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What to read: the deployment's identity, the window, the quantile of interest, any PromQL
 * overrides from the policy keyed by figure name, and the latency objectives (a source that can
 * count requests within them reports the window's measured attainment; empty: it does not).
 */
public record MetricsQuery(
    String namespace, String deployment, Duration window, double percentile, Map<String, String> overrides,
    Optional<Duration> ttftObjective, Optional<Duration> itlObjective) {

  public MetricsQuery {
    overrides = Map.copyOf(overrides);
    ttftObjective = ttftObjective == null ? Optional.empty() : ttftObjective;
    itlObjective = itlObjective == null ? Optional.empty() : itlObjective;
  }

  /** A query without objectives: no attainment is measured. */
  public MetricsQuery(String namespace, String deployment, Duration window, double percentile,
      Map<String, String> overrides) {
    this(namespace, deployment, window, percentile, overrides, Optional.empty(), Optional.empty());
  }

  /** The same query with the TTFT and ITL objectives to count attainment against. */
  public MetricsQuery withObjectives(Duration ttft, Duration itl) {
    return new MetricsQuery(namespace, deployment, window, percentile, overrides, Optional.of(ttft), Optional.of(itl));
  }
}
