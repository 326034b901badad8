package io.costslo.core.feedback;

import io.costslo.core.forecast.ForecastState;

/**
 * Everything the closed loop remembers per policy between cycles, as plain records with bounded
 * size (the error budget keeps at most one long window of buckets, the forecast one season), so a
 * status- or ConfigMap-backed store can persist it across operator restarts.
 */
public record FeedbackState(CorrectionState correction, ErrorBudgetState budget, QueueState queue,
    ForecastState forecast) {

  public FeedbackState {
    if (correction == null || budget == null || queue == null || forecast == null) {
      throw new IllegalArgumentException("feedback state needs correction, budget, queue and forecast");
    }
  }

  public static FeedbackState initial() {
    return new FeedbackState(CorrectionState.initial(), ErrorBudgetState.empty(), QueueState.empty(),
        ForecastState.empty());
  }
}
