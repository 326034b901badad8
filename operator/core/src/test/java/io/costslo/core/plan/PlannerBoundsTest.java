package io.costslo.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.CostPolicy.BatchOptions;
import io.costslo.core.policy.CostPolicy.ReplicaBounds;
import io.costslo.core.testing.RandomCases;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The planner's memory and work do not grow with what the spec says: bounds up to max int and
 * thousands of batch caps evaluate a few cells per cap (the search is binary), not the whole table.
 */
class PlannerBoundsTest {

  static Stream<Arguments> spaces() {
    List<Integer> manyCaps = IntStream.rangeClosed(1, 5_000).boxed().toList();
    return Stream.of(
        Arguments.of(0, Integer.MAX_VALUE, List.of(32, 64, 128, 256)),
        Arguments.of(1, 10_000_000, List.of(64)),
        Arguments.of(0, 1_000, manyCaps),
        Arguments.of(0, 10_000, IntStream.rangeClosed(1, 64).map(i -> i * 1_024).boxed().toList()));
  }

  @ParameterizedTest(name = "replicas {0}..{1}, {2} caps")
  @MethodSource("spaces")
  void hugeSpacesStayCheap(int min, int max, List<Integer> caps) {
    for (long seed = 0; seed < 3; seed++) {
      RandomCases.Case c = RandomCases.generate(seed, 60, true);
      CostPolicy p = c.policy();
      CostPolicy huge = new CostPolicy(p.objective(), p.budget(), p.priority(), new ReplicaBounds(min, max),
          new BatchOptions(caps, caps.get(0)), p.capacity(), p.spot(), p.stability(), p.priceOverrides(),
          p.fallbackReplicas());
      PlanSpace space = new PlanSpace(huge, c.load(), c.costs());
      Optimization o = FrontierOptimizer.optimize(huge, c.load(), c.costs());
      assertThat(o.chosen().plan().totalReplicas()).isBetween(min, max);
      assertThat(o.frontier()).hasSizeLessThanOrEqualTo(FrontierOptimizer.MAX_FRONTIER_POINTS);
      FrontierMerge.frontier(space, Integer.MAX_VALUE);
      // The frontier alone: its budget plus the first total of each cap and the last cell it started.
      long bound = caps.size() + FrontierOptimizer.FRONTIER_CELL_BUDGET + 64;
      assertThat((long) space.cellsEvaluated()).as("seed %d", seed).isLessThanOrEqualTo(bound);
    }
  }
}
