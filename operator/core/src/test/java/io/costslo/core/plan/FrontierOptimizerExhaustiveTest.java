package io.costslo.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.decision.Reason;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.testing.ExhaustiveSearch;
import io.costslo.core.testing.RandomCases;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The pruned optimizer must agree with exhaustive search over the same space on every case. */
class FrontierOptimizerExhaustiveTest {
  private static final Map<Reason, Integer> REASONS = new EnumMap<>(Reason.class);
  private static final java.util.concurrent.atomic.AtomicInteger REACHABLE_CASES = new java.util.concurrent.atomic.AtomicInteger();

  static LongStream seeds() {
    return LongStream.range(0, 200).map(i -> 0x5EED0000L + i);
  }

  @ParameterizedTest(name = "case {0}")
  @MethodSource("seeds")
  void choosesExactlyWhatExhaustiveSearchChooses(long seed) {
    choosesExactlyWhatExhaustiveSearchChooses(seed, 40);
  }

  private void choosesExactlyWhatExhaustiveSearchChooses(long seed, int maxReplicas) {
    RandomCases.Case c = RandomCases.generate(seed, maxReplicas, true);
    Optimization fast = FrontierOptimizer.optimize(c.policy(), c.load(), c.costs());
    ExhaustiveSearch.Result slow = ExhaustiveSearch.search(c);
    synchronized (REASONS) {
      REASONS.merge(slow.reason(), 1, Integer::sum);
    }

    assertThat(fast.chosen().expectedCost().value()).as("chosen cost, %s", c).isEqualTo(slow.chosen().cost());
    assertThat(fast.chosen().sloRatio()).as("chosen SLO ratio, %s", c).isEqualTo(slow.chosen().ratio());
    assertThat(fast.reason()).as("reason, %s", c).isEqualTo(slow.reason());
    assertThat(fast.chosen().plan()).as("plan, %s", c).isEqualTo(slow.chosen().plan());

    List<FrontierPoint> frontier = fast.frontier();
    for (FrontierPoint a : frontier) {
      for (FrontierPoint b : frontier) {
        boolean dominates = a.expectedCost().value() <= b.expectedCost().value() && a.sloRatio() <= b.sloRatio()
            && (a.expectedCost().value() < b.expectedCost().value() || a.sloRatio() < b.sloRatio());
        assertThat(dominates).as("%s dominates %s in %s", a.plan(), b.plan(), c).isFalse();
      }
    }
    assertThat(frontier.stream().map(p -> List.of(p.expectedCost().value(), p.sloRatio())).toList())
        .as("frontier, %s", c)
        .isEqualTo(slow.frontier().stream().map(x -> List.of(x.cost(), x.ratio())).toList());
  }

  /**
   * The reachable answer to overload is the selection rules at the percentile it plans at: exhaustive
   * search there picks the same plan; where it finds no percentile within reach it is the default answer.
   */
  @ParameterizedTest(name = "case {0}")
  @MethodSource("seeds")
  void reachableAnswerIsExhaustiveSearchAtItsPercentile(long seed) {
    RandomCases.Case c = RandomCases.generate(seed, 40, true);
    Optimization reach = FrontierOptimizer.optimize(c.policy(), c.load(), c.costs(), OverloadAnswer.REACHABLE_ATTAINMENT);
    Optimization best = FrontierOptimizer.optimize(c.policy(), c.load(), c.costs());
    if (reach.reachable().isEmpty()) {
      assertThat(reach.reason()).as("reason, %s", c).isEqualTo(best.reason());
      assertThat(reach.chosen().plan()).as("plan, %s", c).isEqualTo(best.chosen().plan());
      return;
    }
    REACHABLE_CASES.incrementAndGet();
    Optimization.Reachable r = reach.reachable().get();
    CostPolicy.LatencyObjective o = c.policy().objective();
    RandomCases.Case at = new RandomCases.Case(c.seed(), c.policy().withObjective(
        new CostPolicy.LatencyObjective(r.planned(), o.ttft(), o.itl(), o.attainmentTarget())), c.load(), c.costs());
    ExhaustiveSearch.Result slow = ExhaustiveSearch.search(at);
    assertThat(best.reason()).as("only overload is answered, %s", c).isEqualTo(Reason.SloUnreachable);
    assertThat(reach.reason()).isEqualTo(Reason.SloUnreachable);
    assertThat(slow.reason()).as("meets at the planned percentile, %s", c)
        .isIn(Reason.CheapestFeasible, Reason.OverBudgetSloFirst);
    assertThat(reach.chosen().plan()).as("plan, %s", c).isEqualTo(slow.chosen().plan());
    assertThat(reach.chosen().expectedCost().value()).isEqualTo(slow.chosen().cost());
  }

  static LongStream largeSeeds() {
    return LongStream.range(0, 8).map(i -> 0xB16L * 1000 + i);
  }

  /** A few spaces as large as the benchmark's (up to 200 replicas), where pruning matters most. */
  @ParameterizedTest(name = "large case {0}")
  @MethodSource("largeSeeds")
  void agreesOnLargeSpacesToo(long seed) {
    choosesExactlyWhatExhaustiveSearchChooses(seed, 200);
  }

  @AfterAll
  static void coverage() {
    // Printed so a reader can see the cases exercise every rule, not only the easy one.
    System.out.println("exhaustive-search cases by reason: " + REASONS + "; reachable answers: " + REACHABLE_CASES);
  }
}
