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
 */
public record CycleInput(String policyKey, CostPolicy policy, MetricsQuery query, Mode mode,
    Duration spotHealthyPeriod, Instant now) {

  public CycleInput {
    if (policyKey == null || policy == null || query == null || mode == null || spotHealthyPeriod == null
        || now == null) {
      throw new IllegalArgumentException("cycle input needs key, policy, query, mode, spot healthy period and clock");
    }
  }
}
