package io.costslo.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.load.Load;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.plan.Optimization;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.testing.ExhaustiveSearch;
import io.costslo.core.testing.Policies;
import io.costslo.core.testing.RandomCases;
import io.costslo.core.units.UsdPerHour;
import java.time.Duration;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ReservedCapacityTest {
  private static final GpuPrice H100 = GpuPrice.of(6.88, 3.35);
  private static final Load LOAD = Load.of(30, 800, 200);

  private static CostPolicy policy() {
    return Policies.on(BuiltInProfiles.LLAMA_8B_H100).objective(0.99, 2000, 60).replicas(1, 40)
        .spot(0.5, 0, 0.05, Duration.ofMinutes(5)).build();
  }

  private static CostModel costs(int reservedGpus, double marginal) {
    return CostModel.of(H100.withReserved(reservedGpus, UsdPerHour.of(marginal), "test"), 1, 0.05, Duration.ofMinutes(5));
  }

  /** Reserved GPUs are filled before on-demand and spot; CPT is costed at their marginal price. */
  @ParameterizedTest(name = "{0} reserved GPUs at {1} USD/h marginal")
  @CsvSource({"0, 0", "2, 0", "4, 0.5", "100, 0", "100, 0.3", "3, 1.2"})
  void reservedFirstAtMarginalCost(int reserved, double marginal) {
    Optimization none = FrontierOptimizer.optimize(policy(), LOAD, costs(0, 0));
    int total = none.chosen().plan().totalReplicas();
    CostModel c = costs(reserved, marginal);
    Optimization opt = FrontierOptimizer.optimize(policy(), LOAD, c);
    Plan plan = opt.chosen().plan();
    if (reserved >= total) {
      // Free capacity buys latency at no cost: more replicas, all on reserved GPUs, none on spot.
      assertThat(plan.totalReplicas()).isGreaterThanOrEqualTo(total);
      assertThat(plan.spotReplicas()).isZero();
      assertThat(opt.chosen().expectedCost().value()).isCloseTo(plan.totalReplicas() * marginal, within(1e-9));
      return;
    }
    assertThat(plan.totalReplicas()).as("reserved changes the price, not what the load needs").isEqualTo(total);
    assertThat(plan.onDemandReplicas()).as("non-spot replicas cover the reserved GPUs first")
        .isGreaterThanOrEqualTo(Math.min(total, reserved));
    int maxSpot = none.chosen().plan().spotReplicas(); // the spot share without reserved capacity
    assertThat(plan.spotReplicas()).as("spot only beyond the reserved GPUs").isEqualTo(Math.min(maxSpot, Math.max(0, total - reserved)));
    int onReserved = Math.min(plan.onDemandReplicas(), reserved);
    double expected = onReserved * marginal + (plan.onDemandReplicas() - onReserved) * 6.88
        + plan.spotReplicas() * (3.35 + 6.88 * 0.05 * 5 / 60);
    assertThat(opt.chosen().expectedCost().value()).isCloseTo(expected, within(1e-9));
    double cpt = expected / (LOAD.outputTokenRate().value() * 3600) * 1e6;
    assertThat(opt.chosen().costPerMillionTokens().value()).as("CPT at the marginal price").isCloseTo(cpt, within(1e-9));
    if (reserved > 0) {
      assertThat(opt.chosen().expectedCost()).isLessThan(none.chosen().expectedCost());
    }
  }

  @Test
  void cheapestSpotMatchesEverySplit() {
    Random r = new Random(3);
    for (int i = 0; i < 2000; i++) {
      double od = 1 + r.nextDouble() * 8;
      CostModel c = new CostModel(UsdPerHour.of(od), UsdPerHour.of(od * r.nextDouble() * 1.3),
          UsdPerHour.of(r.nextDouble()), r.nextInt(10), UsdPerHour.of(r.nextDouble() * od * 1.5));
      int total = r.nextInt(15);
      int maxSpot = r.nextInt(total + 1);
      int best = 0;
      for (int sp = 1; sp <= maxSpot; sp++) {
        if (c.expectedValue(total - sp, sp) < c.expectedValue(total - best, best)) {
          best = sp;
        }
      }
      assertThat(c.cheapestSpot(total, maxSpot)).as("case %d %s total %d max %d", i, c, total, maxSpot).isEqualTo(best);
    }
  }

  static LongStream seeds() {
    return LongStream.range(0, 120).map(i -> 0x7E5E0000L + i);
  }

  /** The pruned optimizer still agrees with exhaustive search when some GPUs are reserved. */
  @ParameterizedTest(name = "case {0}")
  @MethodSource("seeds")
  void optimizerAgreesWithExhaustiveSearch(long seed) {
    RandomCases.Case base = RandomCases.generate(seed, 30, true);
    Random r = new Random(seed);
    CostModel b = base.costs();
    CostModel reserved = new CostModel(b.onDemandPerReplica(), b.spotPerReplica(), b.spotRiskPerReplica(),
        r.nextInt(20), b.onDemandPerReplica().times(r.nextDouble() * 0.6));
    RandomCases.Case c = new RandomCases.Case(seed, base.policy(), base.load(), reserved);
    Optimization fast = FrontierOptimizer.optimize(c.policy(), c.load(), c.costs());
    ExhaustiveSearch.Result slow = ExhaustiveSearch.search(c);
    assertThat(fast.chosen().plan()).as("plan, %s", c).isEqualTo(slow.chosen().plan());
    assertThat(fast.reason()).as("reason, %s", c).isEqualTo(slow.reason());
    assertThat(fast.chosen().expectedCost().value()).isEqualTo(slow.chosen().cost());
  }
}
