package io.costslo.core.feedback;

import java.time.Duration;
import java.util.Optional;

/**
 * Predicted vs observed latency at the plan that ran, for status: the model's raw prediction, the
 * observed percentile, and their ratio per figure.
 *
 * @param predictedTtft the model's TTFT at the percentile for the plan and load that ran
 * @param observedTtft the measured TTFT at the percentile
 * @param predictedItl the model's ITL at the percentile
 * @param observedItl the measured ITL at the percentile
 * @param ttftRatio observed / predicted TTFT; NaN when either is unknown
 * @param itlRatio observed / predicted ITL; NaN when either is unknown
 * @param beyondTolerance some known ratio lies outside [1 / (1 + tolerance), 1 + tolerance]
 */
public record Disagreement(
    Optional<Duration> predictedTtft,
    Optional<Duration> observedTtft,
    Optional<Duration> predictedItl,
    Optional<Duration> observedItl,
    double ttftRatio,
    double itlRatio,
    boolean beyondTolerance) {

  public static Disagreement none() {
    return new Disagreement(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Double.NaN,
        Double.NaN, false);
  }
}
