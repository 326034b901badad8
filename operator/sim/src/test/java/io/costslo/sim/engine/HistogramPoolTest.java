package io.costslo.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A histogram handed back to the pool and taken again answers exactly as a new one. */
class HistogramPoolTest {
  private static void fill(LatencyHistogram h, SplittableRandom r, int n) {
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(3)) {
        case 0 -> h.add(Math.exp(r.nextDouble() * 20 - 12), 1 + r.nextInt(3));
        case 1 -> h.addRun(0.001 + r.nextDouble(), r.nextDouble() * 0.01, 1 + r.nextInt(50), 1 + r.nextInt(4));
        default -> h.add(Double.POSITIVE_INFINITY, 1);
      }
    }
  }

  private static void assertSame(LatencyHistogram a, LatencyHistogram b) {
    assertThat(a.total()).isEqualTo(b.total());
    for (double p : new double[] {0.01, 0.5, 0.9, 0.99, 1.0}) {
      assertThat(a.percentile(p)).isEqualTo(b.percentile(p));
    }
    for (double v : new double[] {1e-4, 0.01, 0.1, 2, 1e4}) {
      assertThat(a.atOrBelow(v)).isEqualTo(b.atOrBelow(v));
    }
  }

  @Test
  void aReusedHistogramAnswersAsAFreshOne() {
    HistogramPool pool = new HistogramPool(0.02);
    SplittableRandom r = new SplittableRandom(11);
    LatencyHistogram used = pool.take();
    fill(used, r, 500);
    assertThat(used.total()).isPositive();
    pool.give(used);
    LatencyHistogram again = pool.take();
    assertThat(again).isSameAs(used); // the pool did hand the used one back
    assertThat(again.total()).isZero();
    assertThat(again.percentile(0.5)).isNaN();
    LatencyHistogram fresh = new LatencyHistogram(0.02);
    long seed = r.nextLong();
    fill(again, new SplittableRandom(seed), 300);
    fill(fresh, new SplittableRandom(seed), 300);
    assertSame(again, fresh);
    LatencyHistogram merged = pool.take();
    LatencyHistogram mergedFresh = new LatencyHistogram(0.02);
    merged.addAll(again);
    mergedFresh.addAll(fresh);
    assertSame(merged, mergedFresh);
  }
}
