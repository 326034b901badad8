package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.cycle.PolicyState;
import io.costslo.core.cycle.PolicyStateStore;
import io.costslo.core.decision.StabilityState;
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
            new StabilityState.Recommendation(T, 4, 4))),
        "llama-3-8b/H100|H100|7.00|0.120|0.0600|500000",
        List.of(new CalibrationSample("", 12.5, Duration.ofNanos(13_210_000), 2100.25, Duration.ofMillis(310)),
            new CalibrationSample("", 20, Duration.ofNanos(14_002_001), 1800, Duration.ofMillis(295))),
        Optional.of(T.minusSeconds(120)), false,
        List.of(new PolicyState.DecisionRecord(T.minusSeconds(30), new Plan(3, 2, 128), "CheapestFeasible"),
            new PolicyState.DecisionRecord(T, new Plan(5, 0, 128), "SpotUnavailable")));
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
