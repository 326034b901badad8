package io.costslo.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.decision.Reason;
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
    System.out.println("exhaustive-search cases by reason: " + REASONS);
  }
}
