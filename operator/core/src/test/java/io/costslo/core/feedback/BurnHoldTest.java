package io.costslo.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.cost.CostModel;
import io.costslo.core.cost.GpuPrice;
import io.costslo.core.load.Load;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.testing.Policies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The scale-down hold holds for bursts that spent the budget, not for a budget spent at a steady pace. */
class BurnHoldTest {
  private static final ErrorBudget BUDGET = new ErrorBudget(ErrorBudget.Options.defaults());
  private static final Instant NOW = Instant.parse("2026-01-01T02:00:00Z");
  private static final CostPolicy POLICY = Policies.on(BuiltInProfiles.LLAMA_8B_H100).objective(0.99, 2000, 100)
      .replicas(1, 64).build();
  private static final CostModel COSTS = CostModel.of(GpuPrice.of(4, 2), 1, 0, Duration.ZERO);
  private static final Load LIGHT = Load.of(5, 800, 200);

  /** An hour of 60 one-minute buckets of 600 requests, with {@code missed.get(i)} misses in bucket i. */
  private static ErrorBudgetState hour(java.util.function.IntToDoubleFunction missed) {
    List<ErrorBudgetState.Bucket> b = new ArrayList<>();
    long end = NOW.getEpochSecond();
    for (int i = 0; i < 60; i++) {
      b.add(new ErrorBudgetState.Bucket(end - (60 - i) * 60L, 600, missed.applyAsDouble(i)));
    }
    return new ErrorBudgetState(b, Optional.of(NOW), 1.0);
  }

  @Test
  void thePeakShortBurnSeesABurstTheLongWindowAverages() {
    BurnRates steady = BUDGET.burn(hour(i -> 3.6), 0.99, NOW); // 0.6 % missed every minute
    assertThat(steady.longWindow()).isCloseTo(0.6, within(1e-9));
    assertThat(steady.peakShortWindow()).isCloseTo(0.6, within(1e-9));
    BurnRates burst = BUDGET.burn(hour(i -> i >= 20 && i < 25 ? 43.2 : 0.0), 0.99, NOW); // the same misses in 5 min
    assertThat(burst.longWindow()).as("the long window averages the burst away").isLessThan(0.7);
    assertThat(burst.peakShortWindow()).isCloseTo(7.2, within(1e-9));
    assertThat(BUDGET.burn(ErrorBudgetState.empty(), 0.99, NOW).peakShortWindow()).isNaN();
  }

  @ParameterizedTest(name = "long burn {0}, peak short burn {1} -> held {2}")
  @CsvSource({
      "0.6, 0.6, false", // spent at a steady pace within the budget
      "0.6, 7.2, true", // a burst spent it
      "0.4, 7.2, false", // the long window has recovered
      "1.5, 1.5, true",
      "0.6, NaN, false"})
  void holdsOnlyAfterABurst(double longBurn, double peak, boolean held) {
    BurnRates burn = new BurnRates(longBurn, longBurn, 1.0, 1.0, peak);
    CostPolicy out = BurnHold.apply(POLICY, burn, new Plan(4, 0, 64), COSTS, LIGHT, Duration.ofHours(1));
    assertThat(out.stability().scaleDownWindow()).isEqualTo(held ? Duration.ofHours(1) : POLICY.stability().scaleDownWindow());
  }
}
