package io.costslo.app.quota;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.InferenceCostPolicyStatus;
import io.costslo.api.v1alpha1.PriceStatus;
import io.costslo.api.v1alpha1.QuotaRefStatus;
import io.costslo.core.cost.GpuPrice;
import io.costslo.core.cost.PriceSource;
import io.costslo.core.cycle.ScalingCycle;
import io.costslo.core.decision.Decision;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.quota.Allowance;
import io.costslo.core.quota.QuotaBudget;
import io.costslo.core.quota.QuotaDemand;
import io.costslo.core.units.UsdPerHour;
import io.costslo.core.units.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policy reconciler's two calls into quotas and chargeback: before its cycle (its share of the
 * reserved GPUs, tighten the budget to the quota's allowance, say which quota in status, show the
 * prices, count chargeback)
 * and after it (record what the policy wants, read off the frontier).
 */
public class QuotaPolicyHook {
  /** Label naming a policy's team for chargeback; without it the namespace is the team. */
  public static final String TEAM_LABEL = "costslo.io/team";
  /** Label naming the model for chargeback; without it the performance profile's model. */
  public static final String MODEL_LABEL = "costslo.io/model";

  /** No quotas, no chargeback: the policy decides on its own budget. */
  public static final QuotaPolicyHook NONE = new QuotaPolicyHook(null, null, null);

  private final QuotaBook book;
  private final PriceSource prices;
  private final ChargebackMetrics chargeback;
  private final ReservedShares shares = new ReservedShares();
  private final Map<String, Integer> gpusPerReplica = new ConcurrentHashMap<>();

  public QuotaPolicyHook(QuotaBook book, PriceSource prices, ChargebackMetrics chargeback) {
    this.book = book;
    this.prices = prices;
    this.chargeback = chargeback;
  }

  /** The policy its cycle should decide with now; writes status.quota and status.price. */
  public CostPolicy beforeCycle(InferenceCostPolicy policy, CostPolicy costPolicy, Instant now) {
    if (book == null) {
      return costPolicy;
    }
    InferenceCostPolicyStatus status = policy.getStatus();
    String ns = policy.getMetadata().getNamespace();
    String name = policy.getMetadata().getName();
    if (chargeback != null && status.observed != null) {
      chargeback.policy(ns, name, label(policy, MODEL_LABEL, model(costPolicy)), label(policy, TEAM_LABEL, ns),
          orZero(status.observed.usdPerHour), orZero(status.observed.outputTokensPerSecond), now);
    }
    String key = QuotaCycle.key(policy);
    int priority = priority(policy);
    Optional<GpuPrice> resolved = ScalingCycle.resolvePrice(costPolicy, prices);
    if (resolved.isPresent()) {
      costPolicy = shares.share(key, priority, costPolicy, resolved.get(), now, shareExpiry(policy));
      gpusPerReplica.put(key, costPolicy.capacity().gpusPerReplica());
    }
    // The price the plan is costed at: the reserved GPUs are this policy's share of the pool.
    Optional<GpuPrice> used = ScalingCycle.resolvePrice(costPolicy, prices);
    used.ifPresentOrElse(p -> status.price = price(p), () -> status.price = null);
    CostPolicy priced = costPolicy;
    used.ifPresent(p -> book.floor(key, QuotaDemand.floor(priced, ScalingCycle.costModel(priced, p))));
    Optional<Allowance> allowance = book.allowanceFor(ns, name);
    if (allowance.isEmpty()) {
      status.quota = null;
      return costPolicy;
    }
    Allowance a = allowance.get();
    QuotaRefStatus ref = new QuotaRefStatus();
    ref.name = a.quota();
    ref.coveredBy = a.coveredBy();
    ref.allowanceUsdPerHour = Math.round(a.rate().value() * 1e4) / 1e4;
    status.quota = ref;
    // What its last cycle left running costs (status.observed.usdPerHour): over the allowance, no scale-down window.
    Optional<UsdPerHour> spendingNow = Optional.ofNullable(status.observed).map(o -> o.usdPerHour)
        .filter(v -> !v.isNaN()).map(UsdPerHour::of);
    return QuotaBudget.apply(costPolicy, a.rate(), spendingNow);
  }

  /** Records what the policy wants from its quotas and its floor, from the frontier its cycle planned on. */
  public void afterCycle(InferenceCostPolicy policy, Decision decision) {
    if (book != null) {
      QuotaDemand.wanted(decision.frontier()).ifPresent(w -> book.wants(QuotaCycle.key(policy), w));
      Integer perReplica = gpusPerReplica.get(QuotaCycle.key(policy));
      if (perReplica != null) {
        shares.ran(QuotaCycle.key(policy), priority(policy), perReplica, decision.plan().totalReplicas());
      }
    }
  }

  private static int priority(InferenceCostPolicy p) {
    var q = p.getSpec().quota;
    return q == null || q.priority == null ? 0 : q.priority;
  }

  /** A share stands for three of the policy's intervals (at least two minutes) without renewal. */
  private static Duration shareExpiry(InferenceCostPolicy p) {
    Duration interval;
    try {
      interval = Durations.parse(p.getSpec().reconcileInterval == null ? "30s" : p.getSpec().reconcileInterval);
    } catch (IllegalArgumentException e) {
      interval = Duration.ofSeconds(30);
    }
    Duration three = interval.multipliedBy(3);
    return three.compareTo(Duration.ofMinutes(2)) < 0 ? Duration.ofMinutes(2) : three;
  }

  private static PriceStatus price(GpuPrice p) {
    PriceStatus s = new PriceStatus();
    s.onDemandUsdPerGpuHour = p.onDemandPerGpu().value();
    s.spotUsdPerGpuHour = p.spotPerGpu().value();
    if (p.reservedGpus() > 0) {
      s.reservedGpus = p.reservedGpus();
      s.reservedUsdPerGpuHour = p.reservedPerGpu().value();
    }
    s.source = p.source().length() > 512 ? p.source().substring(0, 509) + "..." : p.source();
    return s;
  }

  /** "llama-3-8b" from the profile "llama-3-8b/h100". */
  static String model(CostPolicy policy) {
    String profile = policy.capacity().profile().name();
    int slash = profile.indexOf('/');
    return slash > 0 ? profile.substring(0, slash) : profile;
  }

  private static String label(InferenceCostPolicy p, String key, String fallback) {
    var labels = p.getMetadata().getLabels();
    String v = labels == null ? null : labels.get(key);
    return v == null || v.isBlank() ? fallback : v;
  }

  private static double orZero(Double d) {
    return d == null || d.isNaN() ? 0 : d;
  }
}
