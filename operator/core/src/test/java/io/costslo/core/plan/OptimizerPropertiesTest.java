package io.costslo.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.cost.CostModel;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.CostPolicy.LatencyObjective;
import io.costslo.core.policy.Priority;
import io.costslo.core.testing.RandomCases;
import io.costslo.core.units.UsdPerHour;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Monotone properties of the chosen plan. Each holds for the selection rules when the objectives
 * can be met; where a property needs that (or no budget), the case says so and is counted, so a
 * run that silently skips everything would show.
 */
class OptimizerPropertiesTest {
  private static final AtomicInteger LOAD_CHECKED = new AtomicInteger();
  private static final AtomicInteger OBJECTIVE_CHECKED = new AtomicInteger();
  private static final AtomicInteger SPOT_CHECKED = new AtomicInteger();

  static LongStream seeds() {
    return LongStream.range(0, 150).map(i -> 0xC0FFEE00L + i);
  }

  /** SLO first, hourly budget only: a CPT budget grows with load, so it is left out on purpose. */
  private static CostPolicy sloFirstHourlyBudget(CostPolicy p) {
    CostPolicy.Budget b = new CostPolicy.Budget(Optional.empty(), p.budget().maxSpend());
    return new CostPolicy(p.objective(), b, Priority.SLO, p.replicas(), p.batch(), p.capacity(), p.spot(),
        p.stability(), p.priceOverrides(), p.fallbackReplicas());
  }

  @ParameterizedTest(name = "case {0}")
  @MethodSource("seeds")
  void moreLoadNeverMakesTheChosenPlanCheaper(long seed) {
    RandomCases.Case c = RandomCases.generate(seed, 60, true);
    CostPolicy policy = sloFirstHourlyBudget(c.policy());
    double factor = 1 + new Random(seed).nextDouble();
    Optimization low = FrontierOptimizer.optimize(policy, c.load(), c.costs());
    Optimization high = FrontierOptimizer.optimize(policy, c.load().withRate(
        io.costslo.core.units.RequestsPerSecond.of(c.load().rate().value() * factor)), c.costs());
    if (!high.chosen().meetsSlo()) {
      return; // SloUnreachable picks the best latency, not a price: the property is about priced choices
    }
    LOAD_CHECKED.incrementAndGet();
    assertThat(high.chosen().expectedCost().value()).as("%s x%.2f", c, factor)
        .isGreaterThanOrEqualTo(low.chosen().expectedCost().value());
  }

  @ParameterizedTest(name = "case {0}")
  @MethodSource("seeds")
  void tighterObjectiveNeverMakesTheChosenPlanCheaper(long seed) {
    RandomCases.Case c = RandomCases.generate(seed, 60, true);
    CostPolicy loose = sloFirstHourlyBudget(c.policy());
    double factor = 0.3 + 0.7 * new Random(seed).nextDouble();
    LatencyObjective o = loose.objective();
    LatencyObjective tighter = new LatencyObjective(o.percentile(),
        o.ttft().multipliedBy(Math.round(factor * 1000)).dividedBy(1000),
        o.itl().multipliedBy(Math.round(factor * 1000)).dividedBy(1000).plusNanos(1), o.attainmentTarget());
    CostPolicy tight = new CostPolicy(tighter, loose.budget(), loose.priority(), loose.replicas(), loose.batch(),
        loose.capacity(), loose.spot(), loose.stability(), loose.priceOverrides(), loose.fallbackReplicas());
    Optimization a = FrontierOptimizer.optimize(loose, c.load(), c.costs());
    Optimization b = FrontierOptimizer.optimize(tight, c.load(), c.costs());
    if (!b.chosen().meetsSlo()) {
      return;
    }
    OBJECTIVE_CHECKED.incrementAndGet();
    assertThat(b.chosen().expectedCost().value()).as("%s tighter x%.2f", c, factor)
        .isGreaterThanOrEqualTo(a.chosen().expectedCost().value());
  }

  @ParameterizedTest(name = "case {0}")
  @MethodSource("seeds")
  void biggerSpotDiscountNeverLowersTheSpotShare(long seed) {
    RandomCases.Case c = RandomCases.generate(seed, 60, false);
    if (!c.policy().spot().enabled()) {
      return;
    }
    SPOT_CHECKED.incrementAndGet();
    CostPolicy policy = sloFirstHourlyBudget(c.policy());
    CostModel base = c.costs();
    double cheaperBy = new Random(seed).nextDouble();
    CostModel discounted = new CostModel(base.onDemandPerReplica(),
        UsdPerHour.of(base.spotPerReplica().value() * (1 - cheaperBy)), base.spotRiskPerReplica());
    Plan before = FrontierOptimizer.optimize(policy, c.load(), base).chosen().plan();
    Plan after = FrontierOptimizer.optimize(policy, c.load(), discounted).chosen().plan();
    assertThat(after.spotShare()).as("%s spot %.0f%% cheaper: %s -> %s", c, cheaperBy * 100, before, after)
        .isGreaterThanOrEqualTo(before.spotShare());
  }

  @AfterAll
  static void counts() {
    System.out.println("property cases checked: load=" + LOAD_CHECKED + " objective=" + OBJECTIVE_CHECKED
        + " spot=" + SPOT_CHECKED);
    assertThat(LOAD_CHECKED.get()).isGreaterThan(50);
    assertThat(OBJECTIVE_CHECKED.get()).isGreaterThan(50);
    assertThat(SPOT_CHECKED.get()).isGreaterThan(50);
  }
}
