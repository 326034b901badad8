package io.costslo.app.quota;

import io.costslo.core.quota.Allowance;
import io.costslo.core.units.UsdPerHour;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every quota allows each policy it covers, as last computed, and what each policy last said
 * it wants. Quota reconciles write it, policy reconciles read it; in memory, rebuilt within one
 * quota interval after a restart. An allowance not renewed by its expiry (the quota was deleted,
 * or its reconciles stopped) caps nobody.
 */
public final class QuotaBook implements QuotaAllowances {
  private record Published(Map<String, Optional<UsdPerHour>> allowances, Instant expires) {}

  /** quota key -> policy key ("namespace/name") -> allowance; empty allowance: covered, not capped. */
  private final Map<String, Published> byQuota = new ConcurrentHashMap<>();
  private final Map<String, UsdPerHour> wanted = new ConcurrentHashMap<>();
  private final Map<String, UsdPerHour> floors = new ConcurrentHashMap<>();
  private final Clock clock;

  public QuotaBook(Clock clock) {
    this.clock = clock;
  }

  public void publish(String quota, Map<String, Optional<UsdPerHour>> allowances, Instant expires) {
    byQuota.put(quota, new Published(Map.copyOf(allowances), expires));
  }

  /** An invalid or deleted quota caps nobody. */
  public void withdraw(String quota) {
    byQuota.remove(quota);
  }

  @Override
  public Optional<Allowance> allowanceFor(String namespace, String name) {
    return Allowance.tightest(coveringQuotas(namespace + "/" + name, null));
  }

  /** The tightest allowance the other quotas give a policy, to cap what it wants from this one. */
  public Optional<UsdPerHour> elsewhere(String policyKey, String exceptQuota) {
    return Allowance.tightest(coveringQuotas(policyKey, exceptQuota)).map(Allowance::rate);
  }

  private Map<String, Optional<UsdPerHour>> coveringQuotas(String policyKey, String exceptQuota) {
    Map<String, Optional<UsdPerHour>> out = new HashMap<>();
    Instant now = clock.instant();
    byQuota.forEach((quota, published) -> {
      if (!quota.equals(exceptQuota) && published.expires().isAfter(now) && published.allowances().containsKey(policyKey)) {
        out.put(quota, published.allowances().get(policyKey));
      }
    });
    return out;
  }

  public void wants(String policyKey, UsdPerHour rate) {
    wanted.put(policyKey, rate);
  }

  public Optional<UsdPerHour> wanted(String policyKey) {
    return Optional.ofNullable(wanted.get(policyKey));
  }

  /** What the policy spends whatever its allowance (its cheapest plan within its bounds). */
  public void floor(String policyKey, UsdPerHour rate) {
    floors.put(policyKey, rate);
  }

  public Optional<UsdPerHour> floor(String policyKey) {
    return Optional.ofNullable(floors.get(policyKey));
  }
}
