package io.costslo.app.operator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The operator's own metrics, exported on /metrics with the costslo_ prefix. */
public class OperatorMetrics {
  public static final String RECONCILIATIONS = "costslo.reconciliations";
  public static final String SCALE_OPERATIONS = "costslo.scale.operations";
  public static final String METRICS_FAILURES = "costslo.metrics.failures";
  public static final String DECISIONS = "costslo.decisions";
  public static final String TAG_RESULT = "result";
  public static final String TAG_REASON = "reason";
  public static final String TAG_NAMESPACE = "namespace";
  public static final String TAG_POLICY = "policy";

  private final MeterRegistry registry;

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void reconciled(String result) {
    Counter.builder(RECONCILIATIONS)
        .description("Reconciliations of InferenceCostPolicy resources by result")
        .tag(TAG_RESULT, result)
        .register(registry)
        .increment();
  }

  public void metricsUnavailable(String reason) {
    Counter.builder(METRICS_FAILURES)
        .description("Cycles that held the plan because metrics were missing, stale, NaN or contradictory")
        .tag(TAG_REASON, reason)
        .register(registry)
        .increment();
  }

  public void decided(String reason) {
    Counter.builder(DECISIONS)
        .description("Decisions of the scaling cycle by reason")
        .tag(TAG_REASON, reason)
        .register(registry)
        .increment();
  }

  public void scaled(String namespace, String policy) {
    Counter.builder(SCALE_OPERATIONS)
        .description("Replica changes CostSLO wrote to target workloads")
        .tags(TAG_NAMESPACE, namespace, TAG_POLICY, policy)
        .register(registry)
        .increment();
  }
}
