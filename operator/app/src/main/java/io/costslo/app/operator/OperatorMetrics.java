package io.costslo.app.operator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The operator's own metrics, exported on /metrics with the costslo_ prefix. */
public class OperatorMetrics {
  public static final String RECONCILIATIONS = "costslo.reconciliations";
  public static final String SCALE_OPERATIONS = "costslo.scale.operations";
  public static final String METRICS_FAILURES = "costslo.metrics.failures";
  public static final String DECISIONS = "costslo.decisions";
  public static final String COST_PER_MILLION_TOKENS = "costslo.usd.per.million.tokens";
  public static final String SPEND = "costslo.usd.per.hour";
  public static final String BUDGET_USED = "costslo.budget.used.ratio";
  public static final String SLO_ATTAINMENT = "costslo.slo.attainment";
  public static final String REPLICAS = "costslo.replicas";
  public static final String BATCH_CAP = "costslo.batch.cap";
  public static final String TAG_RESULT = "result";
  public static final String TAG_REASON = "reason";
  public static final String TAG_NAMESPACE = "namespace";
  public static final String TAG_POLICY = "policy";
  public static final String TAG_CAPACITY_TYPE = "capacity_type";

  /**
   * One policy's figures after a reconcile; NaN where not known (no metrics, no price, no budget).
   *
   * @param usdPerMillionTokens observed spend over observed output tokens
   * @param usdPerHour billed spend of the running plan
   * @param budgetUsed the larger of spend / maxUsdPerHour and CPT / maxUsdPerMillionTokens
   * @param sloAttainment 1 when observed TTFT and ITL are within the objectives, else 0
   */
  public record PolicyFigures(double usdPerMillionTokens, double usdPerHour, double budgetUsed, double sloAttainment,
      int onDemandReplicas, int spotReplicas, int batchCap) {}

  private final MeterRegistry registry;
  /** Latest figures per namespace/policy; the gauges read them (and keep them reachable). */
  private final Map<String, PolicyFigures> latest = new ConcurrentHashMap<>();

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

  public void metricsUnavailable(String namespace, String policy, String reason) {
    Counter.builder(METRICS_FAILURES)
        .description("Cycles that held the plan because metrics were missing, stale, NaN or contradictory")
        .tags(TAG_NAMESPACE, namespace, TAG_POLICY, policy, TAG_REASON, reason)
        .register(registry)
        .increment();
  }

  public void decided(String namespace, String policy, String reason) {
    Counter.builder(DECISIONS)
        .description("Decisions of the scaling cycle by reason")
        .tags(TAG_NAMESPACE, namespace, TAG_POLICY, policy, TAG_REASON, reason)
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

  /** Sets a policy's gauges, registering them on first use. */
  public void policy(String namespace, String policy, PolicyFigures figures) {
    String key = namespace + "/" + policy;
    if (latest.put(key, figures) != null) {
      return;
    }
    gauge(COST_PER_MILLION_TOKENS, "Observed USD per 1M output tokens", namespace, policy, key,
        PolicyFigures::usdPerMillionTokens);
    gauge(SPEND, "USD per hour of the running plan", namespace, policy, key, PolicyFigures::usdPerHour);
    gauge(BUDGET_USED, "Fraction of the budget used (largest of the hourly cap and the CPT budget)", namespace, policy,
        key, PolicyFigures::budgetUsed);
    gauge(SLO_ATTAINMENT, "1 when observed latency meets the objectives, 0 when not", namespace, policy, key,
        PolicyFigures::sloAttainment);
    gauge(BATCH_CAP, "Batch cap the workload runs with", namespace, policy, key, PolicyFigures::batchCap);
    for (String type : List.of("on-demand", "spot")) {
      Gauge.builder(REPLICAS, latest, m -> {
            PolicyFigures f = m.get(key);
            return f == null ? Double.NaN : "spot".equals(type) ? f.spotReplicas() : f.onDemandReplicas();
          })
          .description("Replicas of the running plan by capacity type")
          .tags(TAG_NAMESPACE, namespace, TAG_POLICY, policy, TAG_CAPACITY_TYPE, type)
          .register(registry);
    }
  }

  private void gauge(String name, String description, String namespace, String policy, String key,
      java.util.function.ToDoubleFunction<PolicyFigures> value) {
    Gauge.builder(name, latest, m -> {
          PolicyFigures f = m.get(key);
          return f == null ? Double.NaN : value.applyAsDouble(f);
        })
        .description(description)
        .tags(TAG_NAMESPACE, namespace, TAG_POLICY, policy)
        .register(registry);
  }

  /** The policy is gone: drop every series labelled with it, so /metrics does not report it forever. */
  public void forget(String namespace, String policy) {
    latest.remove(namespace + "/" + policy);
    List<Meter> meters = registry.getMeters().stream()
        .filter(m -> namespace.equals(m.getId().getTag(TAG_NAMESPACE)) && policy.equals(m.getId().getTag(TAG_POLICY)))
        .toList();
    meters.forEach(registry::remove);
  }
}
