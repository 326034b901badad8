package io.costslo.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PercentilesTest {
  /** The second select, searching only above the first's rank, finds what a full sort finds. */
  @Test
  void upperSelectAfterLowerMatchesSort() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int trial = 0; trial < 200; trial++) {
      int m = 1 + rnd.nextInt(3000);
      double[] v = new double[m + 5];
      for (int i = 0; i < m; i++) {
        // Many ties (rounded values) and a few large outliers, as TTFTs have.
        v[i] = rnd.nextInt(10) == 0 ? rnd.nextDouble() * 100 : Math.round(rnd.nextDouble() * 50) / 10.0;
      }
      double[] sorted = Arrays.copyOf(v, m);
      Arrays.sort(sorted);
      double p50 = Percentiles.select(v, m, 0.5);
      double p99 = Percentiles.select(v, Percentiles.rankOf(m, 0.5), m, 0.99);
      assertThat(p50).isEqualTo(Percentiles.sorted(sorted, 0.5));
      assertThat(p99).isEqualTo(Percentiles.sorted(sorted, 0.99));
    }
  }

  @Test
  void rankBelowTheSearchedRangeIsRejected() {
    double[] v = {3, 1, 2, 5, 4};
    assertThatThrownBy(() -> Percentiles.select(v, 4, 5, 0.5)).isInstanceOf(IllegalArgumentException.class);
  }
}
