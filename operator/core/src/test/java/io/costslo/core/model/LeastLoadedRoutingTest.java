package io.costslo.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class LeastLoadedRoutingTest {

  static LongStream seeds() {
    return LongStream.range(0, 100).map(i -> 0x10ADL + i);
  }

  @Test
  void oneReplicaMeetsItsOwnPrefillAsBefore() {
    for (double u : new double[] {0.05, 0.5, 3, 40}) {
      assertThat(LeastLoadedRouting.routedBusyShare(1, u, u / 4)).isEqualTo(1.0);
      assertThat(LeastLoadedRouting.routedBusyShare(5, u, 0.0)).isEqualTo(1.0);
    }
  }

  /**
   * Brute force: the share from E[1 - (1-f)^floor(T/N)], T ~ Poisson(N u), summed from 0 with exact
   * factorials (the model sums by blocks, and approximates Poisson tails above a mean of 40).
   */
  @ParameterizedTest(name = "case {0}")
  @MethodSource("seeds")
  void theRoutedShareIsTheExpectationOverThePoissonCount(long seed) {
    Random r = new Random(seed);
    int n = 2 + r.nextInt(40);
    double u = 0.02 + r.nextDouble() * (r.nextBoolean() ? 2 : 12);
    double rho = u * (0.05 + 0.9 * r.nextDouble());
    double mean = n * u;
    double f = rho / u;
    double sum = 0.0;
    double logPmf = -mean;
    for (int t = 0; t < mean + 60 * Math.sqrt(mean) + 60; t++) {
      if (t > 0) {
        logPmf += Math.log(mean) - Math.log(t);
      }
      sum += Math.exp(logPmf) * (1 - Math.pow(1 - f, Math.floor((double) t / n)));
    }
    double expected = Math.min(1.0, sum / (1 - Math.exp(-rho)));
    assertThat(LeastLoadedRouting.routedBusyShare(n, u, rho)).isCloseTo(expected, within(1e-3));
  }

  @ParameterizedTest(name = "P(T >= {0}) at mean {1}")
  @CsvSource({"1, 0.5", "3, 0.05", "5, 39.9", "60, 39.9", "30, 40", "70, 40", "400, 500", "500, 500", "600, 500",
      "3000, 2500", "2200, 2500"})
  void poissonTailsAreExactBelowAMeanOf40AndCloseAbove(long n, double mean) {
    double sum = 0.0;
    double logPmf = -mean;
    for (long t = 0; t < mean + 60 * Math.sqrt(mean) + 60; t++) {
      if (t > 0) {
        logPmf += Math.log(mean) - Math.log(t);
      }
      if (t >= n) {
        sum += Math.exp(logPmf);
      }
    }
    double tolerance = mean < LeastLoadedRouting.EXACT_POISSON_MEAN ? 1e-9 * Math.max(sum, 1e-6) : 0.03 * sum + 1e-6;
    assertThat(LeastLoadedRouting.poissonAtLeast(n, mean)).isCloseTo(sum, within(tolerance));
  }

  @Test
  void theRoutedShareFallsAsTheFleetGrowsAtOneRate() {
    double previous = 1.0;
    for (int n = 2; n <= 200; n++) {
      double share = LeastLoadedRouting.routedBusyShare(n, 3.0 / n, 0.6 / n);
      assertThat(share).as("%d replicas", n).isLessThanOrEqualTo(previous).isGreaterThanOrEqualTo(0.0);
      previous = share;
    }
    assertThat(previous).isLessThan(1e-9);
  }

  @Test
  void manyRequestsOnEveryReplicaLeaveNoIdleOneToRouteTo() {
    // 50 requests a replica (a decode-heavy batch): the least-loaded replica prefills about as often as any.
    assertThat(LeastLoadedRouting.routedBusyShare(8, 50, 0.3)).isGreaterThan(0.9);
    assertThat(LeastLoadedRouting.routedBusyShare(8, 0.3, 0.1)).isLessThan(0.02);
  }
}
