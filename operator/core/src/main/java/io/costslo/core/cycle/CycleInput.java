package io.costslo.core.cycle;

import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.policy.CostPolicy;
import java.time.Duration;
import java.time.Instant;

/**
 * What one cycle is asked to do for one policy.
 *
 * @param policyKey stable key for the state store, e.g. "namespace/name"
 * @param policy the policy as the user wrote it (built-in or inline profile: calibration is the cycle's)
 * @param query what to read from the metrics source
 * @param mode ENFORCE realizes the plan; RECOMMEND only reports it
 * @param spotHealthyPeriod how long without disruption before spot is planned again
 * @param now the cycle's clock
 * @param coldStart how long a new replica takes to serve: the closed loop sizes this far ahead
 */
public record CycleInput(String policyKey, CostPolicy policy, MetricsQuery query, Mode mode,
    Duration spotHealthyPeriod, Instant now, Duration coldStart) {
  /** A replica start of a few minutes (image pull, weights, warm-up), when the caller does not know better. */
  public static final Duration DEFAULT_COLD_START = Duration.ofMinutes(3);

  public CycleInput {
    if (policyKey == null || policy == null || query == null || mode == null || spotHealthyPeriod == null
        || now == null || coldStart == null || coldStart.isNegative()) {
      throw new IllegalArgumentException(
          "cycle input needs key, policy, query, mode, spot healthy period, clock and a cold start >= 0");
    }
  }

  public CycleInput(String policyKey, CostPolicy policy, MetricsQuery query, Mode mode, Duration spotHealthyPeriod,
      Instant now) {
    this(policyKey, policy, query, mode, spotHealthyPeriod, now, DEFAULT_COLD_START);
  }
}
