package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.cycle.PolicyState;
import io.costslo.core.cycle.PolicyStateStore;
import io.costslo.core.decision.StabilityState;
import io.costslo.core.feedback.CorrectionState;
import io.costslo.core.feedback.ErrorBudgetState;
import io.costslo.core.feedback.FeedbackState;
import io.costslo.core.feedback.QueueState;
import io.costslo.core.forecast.ForecastState;
import io.costslo.core.metrics.Observation.CalibrationSample;
import io.costslo.core.plan.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PolicyStateStore} must do (Flink's AbstractAutoScalerStateStoreTest): empty
 * before the first save, give back exactly what was saved, and keep it across a restart. Pod names of
 * calibration points are not part of the contract (the status keeps numbers only).
 */
abstract class PolicyStateStoreContract {
  static final String KEY = "ns/llm";
  static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

  /** A fresh, empty store. */
  abstract PolicyStateStore store();

  /** The same store as a restarted operator sees it (persisted and read back). */
  abstract PolicyStateStore restarted(PolicyStateStore store);

  static PolicyState full() {
    return new PolicyState(
        new StabilityState(Optional.of(T.minusSeconds(600)), List.of(
            new StabilityState.Recommendation(T.minusSeconds(60), 5, 3),
            new StabilityState.Recommendation(T, 4, 4)),
            Optional.of(new StabilityState.Recommendation(T.minusSeconds(900), 8, 6))),
        "llama-3-8b/H100|H100|7.00|0.120|0.0600|500000",
        List.of(new CalibrationSample("", 12.5, Duration.ofNanos(13_210_000), 2100.25, Duration.ofMillis(310)),
            new CalibrationSample("", 20, Duration.ofNanos(14_002_001), 1800, Duration.ofMillis(295))),
        Optional.of(T.minusSeconds(120)), false,
        List.of(new PolicyState.DecisionRecord(T.minusSeconds(30), new Plan(3, 2, 128), "CheapestFeasible"),
            new PolicyState.DecisionRecord(T, new Plan(5, 0, 128), "SpotUnavailable")),
        // The closed loop's memory: corrections (tail and irreducible factors and their counts too), error-budget
        // buckets, queue, forecast season.
        new FeedbackState(new CorrectionState(1.7, 2.25, 14, 18.5, 1203.5, 0.91, 1.35, 0.62, 3, 9),
            new ErrorBudgetState(List.of(new ErrorBudgetState.Bucket(1_767_225_540L, 1200, 3.5),
                new ErrorBudgetState.Bucket(1_767_225_600L, 1180.25, 0)), Optional.of(T.minusSeconds(30)), 0.95),
            new QueueState(Optional.of(T.minusSeconds(30)), 7.5),
            new ForecastState(5_890_752L, 40.5, 3, 17.25, -0.125, List.of(0.5, -1.25, 2.0), 290, 0.12)));
  }

  @Test
  void isEmptyBeforeTheFirstSave() {
    assertThat(store().load(KEY)).isEqualTo(PolicyState.empty());
  }

  @Test
  void givesBackWhatWasSaved() {
    PolicyStateStore s = store();
    s.save(KEY, full());
    assertThat(s.load(KEY)).isEqualTo(full());
  }

  @Test
  void theLatestSaveWins() {
    PolicyStateStore s = store();
    s.save(KEY, full());
    s.save(KEY, PolicyState.empty());
    assertThat(s.load(KEY)).isEqualTo(PolicyState.empty());
  }

  @Test
  void keepsEverythingAcrossARestart() {
    PolicyStateStore s = store();
    s.save(KEY, full());
    assertThat(restarted(s).load(KEY)).isEqualTo(full());
  }
}
