package io.costslo.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The share of a window's observations within an objective, from cumulative bucket increases. */
class HistogramShareTest {
  private static final double INF = Double.POSITIVE_INFINITY;

  /** Buckets le 0.1, 0.25, 0.5, +Inf holding 80, 90, 95, 100 observations (cumulative). */
  private static final Map<Double, Double> WINDOW = buckets(0.1, 80, 0.25, 90, 0.5, 95, INF, 100);

  static Stream<Arguments> shares() {
    return Stream.of(
        Arguments.of("objective on a bucket edge counts the whole bucket", WINDOW, 0.25, 0.90),
        Arguments.of("objective on the first edge", WINDOW, 0.1, 0.80),
        Arguments.of("inside the first bucket, which starts at 0", WINDOW, 0.05, 0.40),
        Arguments.of("inside a bucket: linear between its edges", WINDOW, 0.2, (80 + 10 * (0.1 / 0.15)) / 100),
        Arguments.of("inside the last finite bucket", WINDOW, 0.375, 0.925),
        Arguments.of("beyond the highest finite bound: +Inf's share is not claimed", WINDOW, 3.0, 0.95),
        Arguments.of("all within", buckets(0.1, 10, 1.0, 10, INF, 10), 0.5, 1.0),
        Arguments.of("none within", buckets(0.1, 0, 1.0, 0, INF, 10), 0.05, 0.0),
        Arguments.of("float noise in cumulative counts is repaired", buckets(0.1, 50, 0.2, 49.9999999, INF, 100),
            0.2, 0.5));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shares")
  void shares(String name, Map<Double, Double> buckets, double objective, double expected) {
    assertThat(HistogramShare.within(buckets, objective).orElseThrow()).isCloseTo(expected, within(1e-12));
  }

  static Stream<Arguments> nothingToShow() {
    return Stream.of(
        Arguments.of("no new observation in the window", buckets(0.1, 10, 0.5, 20, INF, 20),
            buckets(0.1, 10, 0.5, 20, INF, 20)),
        Arguments.of("counter reset: a bucket went down", buckets(0.1, 10, 0.5, 20, INF, 20),
            buckets(0.1, 3, 0.5, 4, INF, 4)),
        Arguments.of("no +Inf bucket", buckets(0.1, 0, 0.5, 0), buckets(0.1, 5, 0.5, 9)),
        Arguments.of("no buckets at all", Map.of(), Map.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void nothingToShow(String name, Map<Double, Double> before, Map<Double, Double> after) {
    assertThat(HistogramShare.between(before, after, 0.2)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void betweenTakesTheWindowsIncrease() {
    Map<Double, Double> before = buckets(0.1, 10, 0.25, 10, 0.5, 10, INF, 10);
    Map<Double, Double> after = buckets(0.1, 90, 0.25, 100, 0.5, 105, INF, 110);
    assertThat(HistogramShare.between(before, after, 0.25).orElseThrow()).isCloseTo(0.90, within(1e-12));
  }

  /**
   * Cross-check against the quantile helper: at the quantile histogram_quantile reports, the
   * share is the quantile's rank (both interpolate linearly inside the same bucket).
   */
  @org.junit.jupiter.api.Test
  void agreesWithHistogramQuantile() {
    List<HistogramQuantile.Bucket> list = WINDOW.entrySet().stream()
        .map(e -> new HistogramQuantile.Bucket(e.getKey(), e.getValue())).toList();
    for (double q = 0.01; q < 0.95; q += 0.01) {
      double at = HistogramQuantile.of(q, list).orElseThrow();
      OptionalDouble share = HistogramShare.within(WINDOW, at);
      assertThat(share.orElseThrow()).as("q=%s at %s", q, at).isCloseTo(q, within(1e-9));
    }
  }

  private static Map<Double, Double> buckets(double... leAndCount) {
    Map<Double, Double> m = new TreeMap<>();
    for (int i = 0; i < leAndCount.length; i += 2) {
      m.put(leAndCount[i], leAndCount[i + 1]);
    }
    return m;
  }
}
