package io.costslo.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.metrics.Observation;
import io.costslo.core.policy.CostPolicy.LatencyObjective;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorBudgetTest {
  private static final ErrorBudget BUDGET = new ErrorBudget(ErrorBudget.Options.defaults());
  private static final LatencyObjective OBJECTIVE = LatencyObjective.of(0.99, Duration.ofMillis(1000),
      Duration.ofMillis(50));
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Observation attained(Instant at, double rate, double attainment) {
    return Observations.at(at, rate, 800, 500.0, 20.0, 0).withExtras(Optional.empty(), Optional.of(attainment),
        Optional.empty());
  }

  @ParameterizedTest(name = "p99 at {0} ms vs objective 1000 ms -> {1} miss")
  @CsvSource({"1000, 0.01", "500, 0.0001", "2000, 0.1", "250, 1e-8"})
  void exponentialTailGivesTheMissedShare(double q, double share) {
    assertThat(ErrorBudget.tailAbove(Duration.ofMillis((long) q), Duration.ofMillis(1000), 0.99))
        .isCloseTo(share, within(share * 1e-6));
  }

  @Test
  void missedShareTakesTheWorseFigureOrTheMeasuredAttainment() {
    Observation o = Observations.of(10, 800, 1000.0, 100.0); // TTFT at its objective, ITL at twice it
    assertThat(ErrorBudget.missedShare(o, OBJECTIVE)).hasValueSatisfying(v -> assertThat(v).isCloseTo(0.1, within(1e-9)));
    Observation measured = o.withExtras(Optional.empty(), Optional.of(0.97), Optional.empty());
    assertThat(ErrorBudget.missedShare(measured, OBJECTIVE)).hasValueSatisfying(v -> assertThat(v).isCloseTo(0.03, within(1e-9)));
    assertThat(ErrorBudget.missedShare(Observations.of(10, 800, null, null), OBJECTIVE)).isEmpty();
  }

  @ParameterizedTest(name = "steady attainment {0} -> burn {1}, headroom {2}")
  @CsvSource({
      "0.99, 1.0, 1.0",
      "0.97, 3.0, 0.5773502692",
      "0.90, 10.0, 0.5", // bounded at minHeadroom
      "0.998, 0.2, 1.04",
      "1.0, 0.0, 1.2"})
  void steadyAttainmentBurnsAtItsRate(double attainment, double burn, double headroom) {
    ErrorBudgetState s = ErrorBudgetState.empty();
    for (int i = 0; i <= 240; i++) { // 2 hours of 30 s cycles
      Instant now = T0.plusSeconds(30L * i);
      s = BUDGET.record(s, attained(now, 10, attainment), OBJECTIVE, now);
    }
    BurnRates b = BUDGET.burn(s, 0.99, T0.plusSeconds(30L * 240));
    assertThat(b.shortWindow()).isCloseTo(burn, within(1e-6));
    assertThat(b.longWindow()).isCloseTo(burn, within(1e-6));
    assertThat(b.longCoverage()).isEqualTo(1.0);
    assertThat(b.headroom()).isCloseTo(headroom, within(1e-6));
  }

  @ParameterizedTest(name = "short {0}, long {1}, coverage {2} -> {3}")
  @CsvSource({
      "20, 0.5, 1, 1.0", // a blip: the long window does not confirm it
      "0.5, 20, 1, 1.0", // recovered: the short window says it is over
      "4, 9, 1, 0.5",
      "0.1, 0.1, 0.2, 1.0", // too little history to spend the budget on
      "0.0, 0.125, 1, 1.1",
      "NaN, 1, 1, 1.0"})
  void headroomNeedsBothWindowsToAgree(double shortBurn, double longBurn, double coverage, double expected) {
    assertThat(BUDGET.headroom(shortBurn, longBurn, coverage)).isCloseTo(expected, within(1e-9));
  }

  @Test
  void theSameWindowIsNotCountedTwice() {
    ErrorBudgetState once = BUDGET.record(ErrorBudgetState.empty(), attained(T0, 10, 0.9), OBJECTIVE, T0);
    assertThat(BUDGET.record(once, attained(T0, 10, 0.9), OBJECTIVE, T0)).isEqualTo(once);
  }

  @Test
  void historyIsBoundedAndBurnMatchesADirectCount() {
    Random r = new Random(7);
    ErrorBudgetState s = ErrorBudgetState.empty();
    List<double[]> all = new ArrayList<>(); // (epochSecond, requests, missed)
    Instant now = T0;
    Instant last = null;
    for (int i = 0; i < 5000; i++) {
      now = now.plusSeconds(1 + r.nextInt(90));
      double rate = r.nextInt(8) == 0 ? 0 : r.nextDouble() * 50;
      double attainment = 1 - Math.pow(r.nextDouble(), 3) * 0.2;
      s = BUDGET.record(s, attained(now, rate, attainment), OBJECTIVE, now);
      double since = last == null ? 60 : Math.min(60, Duration.between(last, now).getSeconds());
      all.add(new double[] {now.getEpochSecond(), rate * since, rate * since * (1 - attainment)});
      last = now;
      assertThat(s.buckets().size()).isLessThanOrEqualTo(60);
    }
    long current = now.getEpochSecond() / 60 * 60;
    for (Duration window : List.of(Duration.ofMinutes(5), Duration.ofHours(1))) {
      double req = 0;
      double miss = 0;
      for (double[] e : all) {
        long bucket = (long) e[0] / 60 * 60;
        if (bucket > current - window.getSeconds() && bucket <= current) {
          req += e[1];
          miss += e[2];
        }
      }
      double expected = miss / req / 0.01;
      BurnRates b = BUDGET.burn(s, 0.99, now);
      double got = window.equals(Duration.ofMinutes(5)) ? b.shortWindow() : b.longWindow();
      assertThat(got).isCloseTo(expected, within(1e-6 * Math.max(1, expected)));
    }
  }
}
