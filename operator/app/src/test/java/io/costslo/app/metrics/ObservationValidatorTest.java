package io.costslo.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ObservationValidatorTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final ObservationValidator VALIDATOR = new ObservationValidator(Duration.ofSeconds(60));

  private static MetricFigures good() {
    return new MetricFigures("test", NOW.minusSeconds(10), Duration.ofSeconds(30), 4, 2000, 800,
        OptionalDouble.of(0.2), OptionalDouble.of(0.03), 0.99, 10, 1, 0.5, 2, List.of());
  }

  private static MetricFigures with(UnaryOperator<Object[]> change) {
    MetricFigures g = good();
    Object[] f = {g.where(), g.newestSample(), g.window(), g.requestRate(), g.promptTokenRate(), g.outputTokenRate(),
        g.ttftSeconds(), g.itlSeconds(), g.percentile(), g.running(), g.waiting(), g.kvCacheUsage(), g.readyPods()};
    f = change.apply(f);
    return new MetricFigures((String) f[0], (Instant) f[1], (Duration) f[2], (double) f[3], (double) f[4],
        (double) f[5], (OptionalDouble) f[6], (OptionalDouble) f[7], (double) f[8], (double) f[9], (double) f[10],
        (double) f[11], (int) f[12], List.of());
  }

  private static UnaryOperator<Object[]> set(int index, Object value) {
    return f -> {
      f[index] = value;
      return f;
    };
  }

  static Stream<Arguments> badFigures() {
    return Stream.of(
        Arguments.of("no pods", set(12, 0), "NoData"),
        Arguments.of("old sample", set(1, NOW.minusSeconds(61)), "StaleMetrics"),
        Arguments.of("no window", set(2, Duration.ZERO), "NoData"),
        Arguments.of("NaN rate", set(3, Double.NaN), "NotANumber"),
        Arguments.of("infinite tokens", set(4, Double.POSITIVE_INFINITY), "NotANumber"),
        Arguments.of("negative rate", set(5, -0.1), "ContradictoryMetrics"),
        Arguments.of("NaN TTFT", set(6, OptionalDouble.of(Double.NaN)), "NotANumber"),
        Arguments.of("negative ITL", set(7, OptionalDouble.of(-0.01)), "ContradictoryMetrics"),
        Arguments.of("percentile 1", set(8, 1.0), "ContradictoryMetrics"),
        Arguments.of("running < 0", set(9, -1.0), "ContradictoryMetrics"),
        Arguments.of("waiting NaN", set(10, Double.NaN), "NotANumber"),
        Arguments.of("kv > 1", set(11, 1.01), "ContradictoryMetrics"),
        Arguments.of("kv < 0", set(11, -0.01), "ContradictoryMetrics"));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("badFigures")
  void refusesWithTheRightReason(String what, UnaryOperator<Object[]> change, String reason) {
    assertThatThrownBy(() -> VALIDATOR.validate(with(change), NOW))
        .isInstanceOfSatisfying(MetricsUnavailableException.class, e -> {
          assertThat(e.reason()).isEqualTo(reason);
          assertThat(e.getMessage()).contains("(test)");
        });
  }

  @Test
  void goodFiguresBecomeAnObservationWithMeansPerRequest() throws Exception {
    Observation o = VALIDATOR.validate(good(), NOW);
    assertThat(o.load().rate().value()).isEqualTo(4);
    assertThat(o.load().input().mean()).isCloseTo(500, within(1e-12));
    assertThat(o.load().output().mean()).isCloseTo(200, within(1e-12));
    assertThat(o.ttft()).hasValue(Duration.ofMillis(200));
    assertThat(o.takenAt()).isEqualTo(NOW.minusSeconds(10));
  }

  @Test
  void kvWithinFloatNoiseOfOneIsClampedNotRefused() throws Exception {
    assertThat(VALIDATOR.validate(with(set(11, 1.0000001)), NOW).kvCacheUsage()).isEqualTo(1.0);
  }
}
