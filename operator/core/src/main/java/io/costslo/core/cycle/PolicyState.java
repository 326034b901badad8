package io.costslo.core.cycle;

import io.costslo.core.decision.StabilityState;
import io.costslo.core.feedback.FeedbackState;
import io.costslo.core.metrics.Observation.CalibrationSample;
import io.costslo.core.plan.Plan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything {@link PolicyCycle} remembers about one policy between cycles, in one value so that one
 * store keeps it and a restart loses none of it.
 *
 * @param stability the stability step's memory (scale-down window, last batch change)
 * @param calibrationPrior which prior profile the points were collected against ({@link #priorKey});
 *     a different prior starts the history over
 * @param calibrationPoints per-pod points for the online calibration, oldest first
 * @param lastSpotDisruption newest spot disruption seen
 * @param spotHealthy whether spot was usable at the last cycle (for SpotLost / SpotRestored transitions)
 * @param history the latest decisions, oldest first
 * @param feedback the closed loop's memory (latency corrections, error budget, queue, forecast)
 */
public record PolicyState(StabilityState stability, String calibrationPrior, List<CalibrationSample> calibrationPoints,
    Optional<Instant> lastSpotDisruption, boolean spotHealthy, List<DecisionRecord> history, FeedbackState feedback) {
  /** Decisions kept in {@link #history}. */
  public static final int HISTORY = 10;

  public PolicyState {
    stability = stability == null ? StabilityState.empty() : stability;
    calibrationPrior = calibrationPrior == null ? "" : calibrationPrior;
    calibrationPoints = List.copyOf(calibrationPoints);
    lastSpotDisruption = lastSpotDisruption == null ? Optional.empty() : lastSpotDisruption;
    history = List.copyOf(history);
    feedback = feedback == null ? FeedbackState.initial() : feedback;
  }

  /** A state with nothing learnt by the closed loop yet. */
  public PolicyState(StabilityState stability, String calibrationPrior, List<CalibrationSample> calibrationPoints,
      Optional<Instant> lastSpotDisruption, boolean spotHealthy, List<DecisionRecord> history) {
    this(stability, calibrationPrior, calibrationPoints, lastSpotDisruption, spotHealthy, history,
        FeedbackState.initial());
  }

  public static PolicyState empty() {
    return new PolicyState(StabilityState.empty(), "", List.of(), Optional.empty(), true, List.of());
  }

  /** One decision, as the history keeps it. */
  public record DecisionRecord(Instant at, Plan plan, String reason) {}

  /** This state with one more decision, the oldest dropped beyond {@link #HISTORY}. */
  PolicyState withDecision(DecisionRecord d) {
    List<DecisionRecord> h = new ArrayList<>(history);
    h.add(d);
    while (h.size() > HISTORY) {
      h.remove(0);
    }
    return new PolicyState(stability, calibrationPrior, calibrationPoints, lastSpotDisruption, spotHealthy, h, feedback);
  }
}
