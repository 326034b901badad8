package io.costslo.core.cycle;

import io.costslo.core.cost.CostModel;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.units.TokensPerSecond;
import io.costslo.core.units.UsdPerHour;
import io.costslo.core.units.UsdPerMillionTokens;
import java.util.Optional;

/**
 * How a plan uses the budget at a token rate: the one definition for status, events, metrics and the
 * simulator. Spend is the <b>expected</b> cost (billed + spot risk, {@link CostModel#expected}), the
 * figure the planner ranks and budgets plans on; CPT is that spend over the output tokens. A CPT
 * budget does not apply while no tokens flow (it is an hourly cap of maxCPT x tokens/h, as in the
 * planner).
 *
 * @param spend expected USD per hour
 * @param billed what the cloud bills per hour (shown beside it, never judged)
 * @param costPerMillionTokens expected spend over the output tokens; empty when no tokens flow
 * @param usedRatio the larger of spend/maxUsdPerHour and CPT/maxCPT; NaN without a budget
 * @param within spend and CPT within the budget
 */
public record BudgetUse(UsdPerHour spend, UsdPerHour billed, Optional<UsdPerMillionTokens> costPerMillionTokens,
    double usedRatio, boolean within) {

  public static BudgetUse of(CostPolicy policy, CostModel costs, Plan plan, TokensPerSecond outputTokens) {
    UsdPerHour spend = costs.expected(plan.onDemandReplicas(), plan.spotReplicas());
    UsdPerHour billed = costs.billed(plan.onDemandReplicas(), plan.spotReplicas());
    Optional<UsdPerMillionTokens> cpt = Optional.of(UsdPerMillionTokens.of(spend, outputTokens))
        .filter(c -> outputTokens.value() > 0 && Double.isFinite(c.value()));
    var budget = policy.budget();
    double used = Double.NaN;
    boolean within = true;
    if (budget.maxSpend().isPresent()) {
      used = spend.value() / budget.maxSpend().get().value();
      within = spend.compareTo(budget.maxSpend().get()) <= 0;
    }
    if (budget.maxCostPerMillionTokens().isPresent() && cpt.isPresent()) {
      double ratio = cpt.get().value() / budget.maxCostPerMillionTokens().get().value();
      used = Double.isNaN(used) ? ratio : Math.max(used, ratio);
      within = within && cpt.get().compareTo(budget.maxCostPerMillionTokens().get()) <= 0;
    }
    return new BudgetUse(spend, billed, cpt, used, within);
  }
}
