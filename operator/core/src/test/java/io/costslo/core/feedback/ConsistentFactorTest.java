package io.costslo.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A correction never says the plan that just met its objective would miss it. */
class ConsistentFactorTest {

  @ParameterizedTest(name = "factor {0}, observed {1} ms, objective {2} ms, predicted {3} ms -> {5}")
  @CsvSource({
      // met, and the factor would make the current plan miss: capped where the current plan just meets
      "3.0, 80, 100, 50, false, 2.0",
      // met, and the factor keeps the current plan feasible: unchanged
      "1.5, 80, 100, 50, false, 1.5",
      // missed: the factor stands, capacity must follow
      "3.0, 120, 100, 50, false, 3.0",
      // saturated prediction says nothing about the ratio: unchanged
      "3.0, 80, 100, 50, true, 3.0",
      // a loosening factor is never raised by the cap
      "0.8, 80, 100, 50, false, 0.8",
      // the model already predicts a miss at the current plan although it met: no tightening beyond 1
      "3.0, 80, 100, 150, false, 1.0",
      // nothing observed: unchanged
      "3.0, -1, 100, 50, false, 3.0",
  })
  void capsOnlyWhatTheMeasurementContradicts(double factor, long observedMillis, long objectiveMillis,
      double predictedMillis, boolean saturated, double expected) {
    Optional<Duration> observed = observedMillis < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(observedMillis));
    assertThat(ClosedLoopAdjustment.consistent(factor, observed, Duration.ofMillis(objectiveMillis), predictedMillis,
        saturated)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
  }
}
