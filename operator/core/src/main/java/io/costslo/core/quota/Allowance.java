package io.costslo.core.quota;

import io.costslo.core.units.UsdPerHour;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A policy's hourly allowance and the quota it comes from.
 *
 * @param rate the USD/h the policy may spend
 * @param quota the quota that sets it (the tightest of those covering the policy)
 * @param coveredBy every quota covering the policy, sorted
 */
public record Allowance(UsdPerHour rate, String quota, List<String> coveredBy) {
  public Allowance {
    coveredBy = List.copyOf(coveredBy);
  }

  /**
   * The tightest of the allowances several quotas give one policy (ties go to the first quota name,
   * so the answer does not depend on map order); empty when none caps it.
   */
  public static Optional<Allowance> tightest(Map<String, Optional<UsdPerHour>> byQuota) {
    TreeMap<String, Optional<UsdPerHour>> sorted = new TreeMap<>(byQuota);
    String best = null;
    UsdPerHour bestRate = null;
    for (var e : sorted.entrySet()) {
      if (e.getValue().isPresent() && (bestRate == null || e.getValue().get().compareTo(bestRate) < 0)) {
        best = e.getKey();
        bestRate = e.getValue().get();
      }
    }
    return best == null ? Optional.empty() : Optional.of(new Allowance(bestRate, best, List.copyOf(sorted.keySet())));
  }

  /** "quota ns/a (tighter than ns/b)" for status and events. */
  public String describe() {
    List<String> others = coveredBy.stream().filter(q -> !q.equals(quota)).toList();
    return "quota " + quota + (others.isEmpty() ? "" : " (tighter than " + String.join(", ", others) + ")");
  }
}
