package io.costslo.app.operator;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.InferenceCostPolicySpec;
import io.costslo.app.policy.InvalidPolicyException;
import io.costslo.app.policy.PolicyMapper;
import io.costslo.app.quota.QuotaPolicyHook;
import io.costslo.core.cycle.CycleInput;
import io.costslo.core.cycle.Mode;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.units.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The spec as the core cycle's input: {@link PolicyMapper} turns it into a {@link CostPolicy}
 * (budget, objectives, capacity, batch), a quota's allowance tightens the spend cap, and the metrics
 * section becomes the {@link MetricsQuery} (window, percentile, PromQL overrides) with the latency
 * objectives, so the sources can measure attainment.
 */
final class CycleInputs {
  /** The metrics window when the spec has no metrics section. */
  static final String DEFAULT_WINDOW = "2m";

  private CycleInputs() {}

  static CycleInput map(PolicyMapper mapper, QuotaPolicyHook quotas, InferenceCostPolicy policy,
      KubernetesClusterView view, Instant now) throws InvalidPolicyException {
    InferenceCostPolicySpec spec = policy.getSpec();
    CostPolicy costPolicy = quotas.beforeCycle(policy, mapper.toCore(spec, view.runningBatchCap()), now);
    Mode mode = "Recommend".equals(spec.mode) ? Mode.RECOMMEND : Mode.ENFORCE;
    return new CycleInput(key(policy), costPolicy,
        query(policy).withObjectives(costPolicy.objective().ttft(), costPolicy.objective().itl()), mode,
        view.spotHealthyPeriod(), now);
  }

  static String key(InferenceCostPolicy policy) {
    return policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
  }

  static MetricsQuery query(InferenceCostPolicy policy) {
    var m = policy.getSpec().metrics;
    Duration window = Durations.parse(m == null ? DEFAULT_WINDOW : m.window);
    Map<String, String> overrides = m == null || m.queries == null ? Map.of() : m.queries;
    return new MetricsQuery(policy.getMetadata().getNamespace(), policy.getSpec().targetRef.name, window,
        policy.getSpec().objectives.percentile / 100.0, overrides);
  }
}
