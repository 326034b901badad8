package io.costslo.app.quota;

import io.costslo.api.v1alpha1.CostQuotaStatus;
import io.costslo.api.v1alpha1.QuotaPolicyStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chargeback series on /metrics, made for recording rules such as
 * {@code sum by (team, model) (increase(costslo_chargeback_usd_total[30d]))}.
 *
 * <p>Per policy, labelled namespace, policy, model, team: {@code costslo_chargeback_usd_total} and
 * {@code costslo_chargeback_output_tokens_total} (the operator's own figures integrated over time:
 * USD/h and tokens/s read at each reconcile, held until the next, at most {@link #MAX_GAP}),
 * and gauges {@code costslo_chargeback_usd_per_hour}, {@code costslo_chargeback_output_tokens_per_second},
 * {@code costslo_chargeback_usd_per_million_tokens}. Per quota, labelled quota: spent, projected and
 * remaining USD, USD/h and available USD/h; per covered policy {@code costslo_quota_allowance_usd_per_hour}.
 */
public final class ChargebackMetrics {
  public static final String USD = "costslo.chargeback.usd";
  public static final String TOKENS = "costslo.chargeback.output.tokens";
  public static final String USD_PER_HOUR = "costslo.chargeback.usd.per.hour";
  public static final String TOKENS_PER_SECOND = "costslo.chargeback.output.tokens.per.second";
  public static final String CPT = "costslo.chargeback.usd.per.million.tokens";
  public static final String QUOTA_PREFIX = "costslo.quota.";
  public static final String TAG_TEAM = "team";
  public static final String TAG_MODEL = "model";
  public static final String TAG_QUOTA = "quota";
  /** A longer silence (operator stopped, policy failing) is not counted: nobody knows what ran. */
  static final Duration MAX_GAP = Duration.ofMinutes(15);

  private record Figures(String model, String team, double usdPerHour, double tokensPerSecond, Instant at) {}

  private final MeterRegistry registry;
  private final Map<String, Figures> policies = new ConcurrentHashMap<>();
  private final Map<String, CostQuotaStatus> quotas = new ConcurrentHashMap<>();

  public ChargebackMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts what the policy spent and produced since it was last seen, and sets its gauges. */
  public void policy(String namespace, String policy, String model, String team, double usdPerHour,
      double tokensPerSecond, Instant now) {
    String key = namespace + "/" + policy;
    Figures previous = policies.get(key);
    if (previous != null && (!previous.model().equals(model) || !previous.team().equals(team))) {
      removeWhere(m -> namespace.equals(m.getId().getTag("namespace")) && policy.equals(m.getId().getTag("policy"))
          && m.getId().getName().startsWith("costslo.chargeback."));
      previous = null;
    }
    String[] tags = {"namespace", namespace, "policy", policy, TAG_MODEL, model, TAG_TEAM, team};
    if (previous != null) {
      Duration gap = Duration.between(previous.at(), now);
      if (!gap.isNegative() && gap.compareTo(MAX_GAP) <= 0) {
        double hours = gap.toMillis() / 3.6e6;
        Counter.builder(USD).description("USD spent, from the operator's per-policy spend rate").tags(tags)
            .register(registry).increment(previous.usdPerHour() * hours);
        Counter.builder(TOKENS).description("Output tokens produced, from the operator's observed rate").tags(tags)
            .register(registry).increment(previous.tokensPerSecond() * hours * 3600);
      }
    }
    boolean first = policies.put(key, new Figures(model, team, usdPerHour, tokensPerSecond, now)) == null
        || previous == null;
    if (first) {
      gauge(USD_PER_HOUR, "USD per hour the policy spends now", key, tags, f -> f.usdPerHour());
      gauge(TOKENS_PER_SECOND, "Output tokens per second the policy serves now", key, tags, f -> f.tokensPerSecond());
      gauge(CPT, "USD per 1M output tokens now", key, tags,
          f -> f.tokensPerSecond() > 0 ? f.usdPerHour() / (f.tokensPerSecond() * 3600) * 1e6 : Double.NaN);
    }
  }

  private void gauge(String name, String help, String key, String[] tags, java.util.function.ToDoubleFunction<Figures> f) {
    Gauge.builder(name, policies, m -> {
      Figures x = m.get(key);
      return x == null ? Double.NaN : f.applyAsDouble(x);
    }).description(help).tags(tags).register(registry);
  }

  /** Sets a quota's gauges from its status. */
  public void quota(String key, CostQuotaStatus status) {
    boolean first = quotas.put(key, status) == null;
    if (first) {
      quotaGauge(key, "spent.usd", "USD spent in the current period", s -> s.spentUsd);
      quotaGauge(key, "projected.usd", "USD projected at the period's end at the recent burn rate", s -> s.projectedUsd);
      quotaGauge(key, "remaining.usd", "USD left of the period limit", s -> s.remainingUsd);
      quotaGauge(key, "usd.per.hour", "USD per hour the covered policies spend now", s -> s.usdPerHour);
      quotaGauge(key, "available.usd.per.hour", "USD per hour the quota shares now", s -> s.availableUsdPerHour);
    }
    removeWhere(m -> m.getId().getName().equals(QUOTA_PREFIX + "allowance.usd.per.hour") && key.equals(m.getId().getTag(TAG_QUOTA)));
    if (status.policies != null) {
      for (QuotaPolicyStatus p : status.policies) {
        if (p.allowanceUsdPerHour != null) {
          double value = p.allowanceUsdPerHour;
          Gauge.builder(QUOTA_PREFIX + "allowance.usd.per.hour", () -> value)
              .description("USD per hour the quota allows the policy")
              .tags(TAG_QUOTA, key, "namespace", p.namespace, "policy", p.name).register(registry);
        }
      }
    }
  }

  private void quotaGauge(String key, String name, String help, java.util.function.Function<CostQuotaStatus, Double> f) {
    Gauge.builder(QUOTA_PREFIX + name, quotas, m -> {
      CostQuotaStatus s = m.get(key);
      Double v = s == null ? null : f.apply(s);
      return v == null ? Double.NaN : v;
    }).description(help).tags(TAG_QUOTA, key).register(registry);
  }

  /** The quota is invalid or gone: drop its series. */
  public void quotaGone(String key) {
    quotas.remove(key);
    removeWhere(m -> key.equals(m.getId().getTag(TAG_QUOTA)));
  }

  private void removeWhere(java.util.function.Predicate<Meter> p) {
    List<Meter> meters = registry.getMeters().stream().filter(p).toList();
    meters.forEach(registry::remove);
  }
}
