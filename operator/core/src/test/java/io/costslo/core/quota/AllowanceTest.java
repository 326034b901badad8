package io.costslo.core.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.Priority;
import io.costslo.core.testing.Policies;
import io.costslo.core.units.UsdPerHour;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AllowanceTest {
  @Test
  void tighterOfTwoQuotasWinsAndSaysSo() {
    Map<String, Optional<UsdPerHour>> byQuota = new LinkedHashMap<>();
    byQuota.put("team/search", Optional.of(UsdPerHour.of(30)));
    byQuota.put("cluster/all", Optional.of(UsdPerHour.of(20)));
    byQuota.put("team/open", Optional.empty());
    Allowance a = Allowance.tightest(byQuota).orElseThrow();
    assertThat(a.rate()).isEqualTo(UsdPerHour.of(20));
    assertThat(a.quota()).isEqualTo("cluster/all");
    assertThat(a.describe()).isEqualTo("quota cluster/all (tighter than team/open, team/search)");
    assertThat(Allowance.tightest(Map.of("q", Optional.empty()))).isEmpty();
  }

  @Test
  void allowanceLowersTheSpendCapAndMakesTheQuotaHard() {
    CostPolicy p = Policies.on(BuiltInProfiles.LLAMA_8B_H100)
        .budget(CostPolicy.Budget.perHour(UsdPerHour.of(50))).priority(Priority.SLO).build();
    CostPolicy tight = QuotaBudget.apply(p, UsdPerHour.of(30), Optional.empty());
    assertThat(tight.budget().maxSpend()).contains(UsdPerHour.of(30));
    assertThat(tight.priority()).isEqualTo(Priority.BUDGET);
    CostPolicy loose = QuotaBudget.apply(p, UsdPerHour.of(80), Optional.empty());
    assertThat(loose.budget().maxSpend()).as("its own cap is tighter").contains(UsdPerHour.of(50));
    assertThat(QuotaBudget.apply(Policies.on(BuiltInProfiles.LLAMA_8B_H100).build(), UsdPerHour.of(7), Optional.empty())
        .budget().maxSpend()).contains(UsdPerHour.of(7));
  }

  @Test
  void aPlanOverTheAllowanceIsNotHeldByTheScaleDownWindow() {
    CostPolicy p = Policies.on(BuiltInProfiles.LLAMA_8B_H100).budget(CostPolicy.Budget.perHour(UsdPerHour.of(50))).stability(CostPolicy.StabilityOptions.defaults()).build();
    java.time.Duration window = p.stability().scaleDownWindow();
    assertThat(window).isPositive();
    assertThat(QuotaBudget.apply(p, UsdPerHour.of(30), Optional.of(UsdPerHour.of(30))).stability()
        .scaleDownWindow()).as("at the allowance: stabilized as usual").isEqualTo(window);
    assertThat(QuotaBudget.apply(p, UsdPerHour.of(30), Optional.empty()).stability().scaleDownWindow())
        .as("spend unknown").isEqualTo(window);
    CostPolicy over = QuotaBudget.apply(p, UsdPerHour.of(30), Optional.of(UsdPerHour.of(31)));
    assertThat(over.stability().scaleDownWindow()).as("over it: brought within at once").isZero();
    assertThat(over.stability().batchChangeMinInterval()).isEqualTo(p.stability().batchChangeMinInterval());
    assertThat(QuotaBudget.apply(p, UsdPerHour.of(80), Optional.of(UsdPerHour.of(60))).stability()
        .scaleDownWindow()).as("over its own tighter cap of 50").isZero();
  }
}
