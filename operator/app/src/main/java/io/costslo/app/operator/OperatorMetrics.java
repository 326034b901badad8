package io.costslo.app.operator;

import io.costslo.core.units.Durations;
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
  public static final String SLO_MET = "costslo.slo.met";
  public static final String SLO_CHECKS = "costslo.slo.checks";
  public static final String SLO_ATTAINMENT_OBJECTIVE = "costslo.slo.attainment.objective";
  public static final String TTFT = "costslo.ttft.seconds";
  public static final String ITL = "costslo.itl.seconds";
  public static final String OBJECTIVE_TTFT = "costslo.objective.ttft.seconds";
  public static final String OBJECTIVE_ITL = "costslo.objective.itl.seconds";
  public static final String BUDGET_CPT = "costslo.budget.usd.per.million.tokens";
  public static final String BUDGET_SPEND = "costslo.budget.usd.per.hour";
  public static final String BUILD_INFO = "costslo.build.info";
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
   * @param sloMet 1 when observed TTFT and ITL are within the objectives, else 0 (NaN: not evaluated);
   *     exported as {@code costslo_slo_met} and counted in {@code costslo_slo_checks_total}
   * @param attainment the measured attainment of the cycle's observation window, 0..1: the smaller of
   *     the share of requests whose TTFT met the objective and the share of token gaps within the ITL
   *     objective (the one definition the core and the error budget use); NaN when not measured.
   *     Exported as {@code costslo_slo_attainment}
   */
  public record PolicyFigures(double usdPerMillionTokens, double usdPerHour, double budgetUsed, double sloMet,
      double attainment, int onDemandReplicas, int spotReplicas, int batchCap) {}

  /**
   * What a policy asks for, exported beside what is observed so dashboards and alerts compare the two
   * without reading the CRD; NaN where the policy sets no such bound.
   */
  public record PolicyTargets(double ttftSeconds, double itlSeconds, double attainment, double maxUsdPerMillionTokens,
      double maxUsdPerHour) {
    public static PolicyTargets of(io.costslo.core.policy.CostPolicy p) {
      return new PolicyTargets(Durations.seconds(p.objective().ttft()), Durations.seconds(p.objective().itl()), p.objective().attainmentTarget(),
          p.budget().maxCostPerMillionTokens().map(v -> v.value()).orElse(Double.NaN),
          p.budget().maxSpend().map(v -> v.value()).orElse(Double.NaN));
    }
  }

  /** Observed latency at the objective's percentile; NaN when the window had none. */
  public record Latency(double ttftSeconds, double itlSeconds) {
    public static Latency of(java.util.Optional<java.time.Duration> ttft, java.util.Optional<java.time.Duration> itl) {
      return new Latency(ttft.map(Durations::seconds).orElse(Double.NaN),
          itl.map(Durations::seconds).orElse(Double.NaN));
    }
  }

  private final MeterRegistry registry;
  /** Latest figures per namespace/policy; the gauges read them (and keep them reachable). */
  private final Map<String, PolicyFigures> latest = new ConcurrentHashMap<>();
  private final Map<String, PolicyTargets> targets = new ConcurrentHashMap<>();
  private final Map<String, Latency> latency = new ConcurrentHashMap<>();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** {@code costslo_build_info{version, java_version} 1}: which build runs, for dashboards and the down alert. */
  public void buildInfo(String version) {
    Gauge.builder(BUILD_INFO, () -> 1)
        .description("CostSLO build running; always 1")
        .tags("version", version, "java_version", System.getProperty("java.version", "unknown"))
        .register(registry);
  }

  /** Sets a policy's objective and budget series, registering them on first use. */
  public void targets(String namespace, String policy, PolicyTargets t) {
    String key = namespace + "/" + policy;
    if (targets.put(key, t) != null) {
      return;
    }
    keyed(targets, OBJECTIVE_TTFT, "TTFT objective (spec.objectives.ttft)", namespace, policy, key,
        PolicyTargets::ttftSeconds);
    keyed(targets, OBJECTIVE_ITL, "ITL objective (spec.objectives.itl)", namespace, policy, key,
        PolicyTargets::itlSeconds);
    keyed(targets, SLO_ATTAINMENT_OBJECTIVE, "Attainment objective (spec.objectives.attainment)", namespace, policy,
        key, PolicyTargets::attainment);
    keyed(targets, BUDGET_CPT, "CPT budget (spec.budget.maxUsdPerMillionTokens)", namespace, policy, key,
        PolicyTargets::maxUsdPerMillionTokens);
    keyed(targets, BUDGET_SPEND, "Spend cap (spec.budget.maxUsdPerHour)", namespace, policy, key,
        PolicyTargets::maxUsdPerHour);
  }

  /** Sets a policy's observed latency series, registering them on first use. */
  public void latency(String namespace, String policy, Latency l) {
    String key = namespace + "/" + policy;
    if (latency.put(key, l) != null) {
      return;
    }
    keyed(latency, TTFT, "Observed TTFT at the objective's percentile", namespace, policy, key, Latency::ttftSeconds);
    keyed(latency, ITL, "Observed ITL at the objective's percentile", namespace, policy, key, Latency::itlSeconds);
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
    if (!Double.isNaN(figures.sloMet())) {
      boolean met = figures.sloMet() >= 1;
      Counter.builder(SLO_CHECKS)
          .description("Evaluated cycles by whether observed TTFT and ITL met the objectives (result met or missed)")
          .tags(TAG_NAMESPACE, namespace, TAG_POLICY, policy, TAG_RESULT, met ? "met" : "missed")
          .register(registry)
          .increment();
    }
    if (latest.put(key, figures) != null) {
      return;
    }
    gauge(COST_PER_MILLION_TOKENS, "Observed USD per 1M output tokens", namespace, policy, key,
        PolicyFigures::usdPerMillionTokens);
    gauge(SPEND, "USD per hour of the running plan", namespace, policy, key, PolicyFigures::usdPerHour);
    gauge(BUDGET_USED, "Fraction of the budget used (largest of the hourly cap and the CPT budget)", namespace, policy,
        key, PolicyFigures::budgetUsed);
    gauge(SLO_MET, "1 when the last cycle's observed latency met the objectives, 0 when not", namespace, policy, key,
        PolicyFigures::sloMet);
    gauge(SLO_ATTAINMENT, "Measured attainment of the last cycle's window: the smaller of the share of requests"
        + " whose TTFT met the objective and the share of token gaps within the ITL objective", namespace, policy, key,
        PolicyFigures::attainment);
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
    keyed(latest, name, description, namespace, policy, key, value);
  }

  private <T> void keyed(Map<String, T> source, String name, String description, String namespace, String policy,
      String key, java.util.function.ToDoubleFunction<T> value) {
    Gauge.builder(name, source, m -> {
          T f = m.get(key);
          return f == null ? Double.NaN : value.applyAsDouble(f);
        })
        .description(description)
        .tags(TAG_NAMESPACE, namespace, TAG_POLICY, policy)
        .register(registry);
  }

  /** The policy is gone: drop every series labelled with it, so /metrics does not report it forever. */
  public void forget(String namespace, String policy) {
    String key = namespace + "/" + policy;
    latest.remove(key);
    targets.remove(key);
    latency.remove(key);
    List<Meter> meters = registry.getMeters().stream()
        .filter(m -> namespace.equals(m.getId().getTag(TAG_NAMESPACE)) && policy.equals(m.getId().getTag(TAG_POLICY)))
        .toList();
    meters.forEach(registry::remove);
  }
}
