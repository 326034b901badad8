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
    CostPolicy tight = QuotaBudget.apply(p, UsdPerHour.of(30));
    assertThat(tight.budget().maxSpend()).contains(UsdPerHour.of(30));
    assertThat(tight.priority()).isEqualTo(Priority.BUDGET);
    CostPolicy loose = QuotaBudget.apply(p, UsdPerHour.of(80));
    assertThat(loose.budget().maxSpend()).as("its own cap is tighter").contains(UsdPerHour.of(50));
    assertThat(QuotaBudget.apply(Policies.on(BuiltInProfiles.LLAMA_8B_H100).build(), UsdPerHour.of(7))
        .budget().maxSpend()).contains(UsdPerHour.of(7));
  }
}
