package io.costslo.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeedSweepTest {

  @ParameterizedTest(name = "costslo {0}, bound {1}: {2}")
  @CsvSource({
      // Where the bound reaches the target, the target itself is the bar.
      "0.9900, 0.9991, true",
      "0.9887, 0.9991, false",
      // Where it does not, within half a point of the bound's attainment.
      "0.9150, 0.9194, true",
      "0.9140, 0.9194, false",
  })
  void theGoalIsTheTargetWhereTheBoundReachesItElseHalfAPointOfTheBound(double costslo, double bound, boolean met) {
    SeedSweep.Row row = new SeedSweep.Row("p", 4, 1, 1.0, costslo, 1.0, bound);
    assertThat(row.meetsGoal(0.99)).isEqualTo(met);
  }
}
