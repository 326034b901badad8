package io.costslo.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.metrics.Observation;
import io.costslo.core.units.RequestsPerSecond;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemandEstimatorTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration TTFT = Duration.ofSeconds(2);

  @ParameterizedTest(name = "completions {0}, queue {1} -> {2} over 30 s, arrivals {3}: total {4}")
  @CsvSource({
      "10, 0, 0, NaN, 10", // steady, nothing waiting
      "10, 0, 60, NaN, 42", // saturated: queue grew by 60 in 30 s (2/s) and 60 must drain in 2 s (30/s)
      "10, 60, 20, NaN, 20", // draining: never below completions, plus the backlog
      "10, 0, 60, 14, 44", // counted arrivals win over the queue's growth
      "0, 0, 0, NaN, 0"})
  void demandIsOfferedRatePlusBacklog(double completions, double before, double after, double arrivals,
      double total) {
    QueueState previous = new QueueState(Optional.of(T0), before);
    Observation o = Observations.at(T0.plusSeconds(30), completions, 800, 500.0, 20.0, after);
    if (!Double.isNaN(arrivals)) {
      o = o.withExtras(Optional.of(RequestsPerSecond.of(arrivals)), Optional.empty(), Optional.empty());
    }
    DemandEstimator.Estimate e = DemandEstimator.estimate(o, previous, TTFT, T0.plusSeconds(30));
    assertThat(e.demand().total().value()).isCloseTo(total, within(1e-9));
    assertThat(e.demand().completions().value()).isEqualTo(completions);
    assertThat(e.queue().waiting()).isEqualTo(after);
    assertThat(e.queue().seenAt()).contains(T0.plusSeconds(30));
  }

  @Test
  void theFirstCycleHasNoGrowthButDrainsTheBacklog() {
    Observation o = Observations.at(T0, 10, 800, 500.0, 20.0, 8);
    Demand d = DemandEstimator.estimate(o, QueueState.empty(), TTFT, T0).demand();
    assertThat(d.queueGrowth()).isZero();
    assertThat(d.total().value()).isEqualTo(14.0);
  }

  @Test
  void demandIsNeverBelowWhatIsCountedAndGrowsWithTheQueue() {
    Random r = new Random(3);
    for (int i = 0; i < 10_000; i++) {
      double completions = r.nextDouble() * 100;
      double before = r.nextDouble() * 200;
      double after = r.nextDouble() * 200;
      QueueState previous = new QueueState(Optional.of(T0), before);
      Instant now = T0.plusSeconds(1 + r.nextInt(120));
      Demand d = DemandEstimator.estimate(Observations.at(now, completions, 800, 1.0, 1.0, after), previous, TTFT, now)
          .demand();
      Demand more = DemandEstimator.estimate(Observations.at(now, completions, 800, 1.0, 1.0, after + 1), previous,
          TTFT, now).demand();
      assertThat(d.total().value()).isGreaterThanOrEqualTo(completions);
      assertThat(more.total().value()).isGreaterThan(d.total().value());
    }
  }

  @Test
  void aDrainTimeMustBePositive() {
    assertThatThrownBy(() -> DemandEstimator.estimate(Observations.of(1, 1, 1.0, 1.0), QueueState.empty(),
        Duration.ZERO, T0)).hasMessageContaining("drain time");
  }
}
