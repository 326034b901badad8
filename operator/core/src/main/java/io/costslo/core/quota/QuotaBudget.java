package io.costslo.core.quota;

import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.Priority;
import io.costslo.core.units.UsdPerHour;
import java.time.Duration;
import java.util.Optional;

/** Applies a quota's allowance to the policy its cycle decides with. */
public final class QuotaBudget {
  private QuotaBudget() {}

  /**
   * The policy with its spend cap lowered to the allowance (its own cap stays if tighter). The quota
   * is a hard limit: priority becomes BUDGET, so the cycle picks the best latency the allowance buys
   * instead of overspending it, and while the plan running now costs more than the allowance its
   * scale-down is not held by the stabilization window (a held plan would spend what the pacing then
   * takes from the hours after it, and from the lower priorities). keepSlo acts in the allocation,
   * which serves such a policy first.
   *
   * @param spendingNow what the plan running now costs per hour (expected); empty when not known
   */
  public static CostPolicy apply(CostPolicy policy, UsdPerHour allowance, Optional<UsdPerHour> spendingNow) {
    UsdPerHour cap = policy.budget().maxSpend().filter(own -> own.compareTo(allowance) <= 0).orElse(allowance);
    CostPolicy.Budget budget = new CostPolicy.Budget(policy.budget().maxCostPerMillionTokens(), Optional.of(cap));
    CostPolicy.StabilityOptions stability = policy.stability();
    if (spendingNow.isPresent() && spendingNow.get().compareTo(cap) > 0) {
      stability = new CostPolicy.StabilityOptions(Duration.ZERO, stability.batchChangeMinInterval(),
          stability.batchChangeMinSaving());
    }
    return new CostPolicy(policy.objective(), budget, Priority.BUDGET, policy.replicas(), policy.batch(),
        policy.capacity(), policy.spot(), stability, policy.priceOverrides(), policy.fallbackReplicas());
  }
}
