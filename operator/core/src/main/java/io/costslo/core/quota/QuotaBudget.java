package io.costslo.core.quota;

import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.Priority;
import io.costslo.core.units.UsdPerHour;

/** Applies a quota's allowance to the policy its cycle decides with. */
public final class QuotaBudget {
  private QuotaBudget() {}

  /**
   * The policy with its spend cap lowered to the allowance (its own cap stays if tighter). The quota
   * is a hard limit: priority becomes BUDGET, so the cycle picks the best latency the allowance buys
   * instead of overspending it. (keepSlo acts in the allocation, which serves such a policy first.)
   */
  public static CostPolicy apply(CostPolicy policy, UsdPerHour allowance) {
    UsdPerHour cap = policy.budget().maxSpend().filter(own -> own.compareTo(allowance) <= 0).orElse(allowance);
    CostPolicy.Budget budget = new CostPolicy.Budget(policy.budget().maxCostPerMillionTokens(),
        java.util.Optional.of(cap));
    return new CostPolicy(policy.objective(), budget, Priority.BUDGET, policy.replicas(), policy.batch(),
        policy.capacity(), policy.spot(), policy.stability(), policy.priceOverrides(), policy.fallbackReplicas());
  }
}
