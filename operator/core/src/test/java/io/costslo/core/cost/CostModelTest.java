package io.costslo.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.load.Load;
import io.costslo.core.units.UsdPerHour;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CostModelTest {

  @Test
  void pricesReplicasByGpuCountAndAddsSpotRisk() {
    // $4/GPU-h on-demand, $1/GPU-h spot, 2 GPUs per replica; 0.1 preemptions/h, 30 min recovery.
    CostModel m = CostModel.of(GpuPrice.of(4, 1), 2, 0.1, Duration.ofMinutes(30));
    assertThat(m.onDemandPerReplica()).isEqualTo(UsdPerHour.of(8));
    assertThat(m.spotPerReplica()).isEqualTo(UsdPerHour.of(2));
    // 0.1/h x 0.5 h x $8/h of lost on-demand-equivalent capacity = $0.40/h per spot replica
    assertThat(m.spotRiskPerReplica().value()).isCloseTo(0.4, within(1e-12));
    assertThat(m.billed(3, 2).value()).isCloseTo(28, within(1e-12));
    assertThat(m.expected(3, 2).value()).isCloseTo(28.8, within(1e-12));
    assertThat(m.spotSavingUsdPerReplicaHour()).isCloseTo(5.6, within(1e-12));
  }

  @Test
  void riskyCheapSpotCanCostMoreThanOnDemand() {
    // 2 preemptions an hour, each losing the replica for 40 minutes: risk outweighs the discount.
    CostModel m = CostModel.of(GpuPrice.of(4, 2), 1, 2.0, Duration.ofMinutes(40));
    assertThat(m.spotSavingUsdPerReplicaHour()).isNegative();
  }

  @Test
  void costPerMillionOutputTokens() {
    // $36/h over 1000 output tok/s = 3.6M tokens/h => $10 per 1M tokens.
    Load load = Load.of(10, 500, 100);
    assertThat(CostModel.costPerMillionTokens(UsdPerHour.of(36), load).value()).isCloseTo(10, within(1e-9));
    assertThat(CostModel.costPerMillionTokens(UsdPerHour.of(36), Load.of(0, 500, 100)).value()).isInfinite();
  }
}
