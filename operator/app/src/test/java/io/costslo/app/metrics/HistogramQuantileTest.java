package io.costslo.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.app.metrics.HistogramQuantile.Bucket;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistogramQuantileTest {
  private static final double INF = Double.POSITIVE_INFINITY;

  @Test
  void interpolatesLinearlyInsideTheBucketHoldingTheRank() {
    // 90 observations <= 0.1, 10 in (0.1, 0.5]: p99 rank 99 is 9/10 into the second bucket.
    List<Bucket> b = List.of(new Bucket(0.1, 90), new Bucket(0.5, 100), new Bucket(INF, 100));
    assertThat(HistogramQuantile.of(0.99, b).getAsDouble()).isCloseTo(0.1 + 0.4 * 0.9, within(1e-12));
    assertThat(HistogramQuantile.of(0.5, b).getAsDouble()).isCloseTo(0.1 * 50 / 90, within(1e-12));
  }

  @Test
  void rankInTheInfBucketGivesTheHighestFiniteBound() {
    List<Bucket> b = List.of(new Bucket(1, 50), new Bucket(2, 60), new Bucket(INF, 100));
    assertThat(HistogramQuantile.of(0.99, b).getAsDouble()).isEqualTo(2.0);
  }

  @Test
  void emptyHistogramHasNoQuantileAndBrokenOnesAreNaN() {
    assertThat(HistogramQuantile.of(0.99, List.of(new Bucket(1, 0), new Bucket(INF, 0)))).isEmpty();
    assertThat(HistogramQuantile.of(0.99, List.of(new Bucket(1, 3), new Bucket(2, 4))).getAsDouble()).isNaN();
    assertThat(HistogramQuantile.of(0.99, List.of(new Bucket(1, Double.NaN), new Bucket(INF, 4))).getAsDouble()).isNaN();
  }

  @Test
  void nonMonotonicCountsAreRepairedLikePromQl() {
    List<Bucket> b = List.of(new Bucket(1, 10), new Bucket(2, 9), new Bucket(INF, 10));
    assertThat(HistogramQuantile.of(0.5, b).getAsDouble()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void unsortedInputIsSorted() {
    List<Bucket> b = List.of(new Bucket(INF, 100), new Bucket(0.5, 100), new Bucket(0.1, 90));
    assertThat(HistogramQuantile.of(0.99, b).getAsDouble()).isCloseTo(0.46, within(1e-12));
  }
}
