package io.costslo.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.LatencyPrediction;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.policy.CostPolicy.LatencyObjective;
import io.costslo.core.units.RequestsPerSecond;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TailCorrectionTest {
  private static final ReplicaProfile H100 = BuiltInProfiles.LLAMA_8B_H100;
  private static final LatencyObjective OBJECTIVE = LatencyObjective.of(0.99, Duration.ofSeconds(2),
      Duration.ofMillis(100));
  private static final Load LOAD = new Load(RequestsPerSecond.of(20), new TokenLengths(1155, 4500),
      TokenLengths.ofMean(211));

  @ParameterizedTest(name = "{0} replicas")
  @CsvSource({"2", "3", "4", "6", "10"})
  void modelMissShareIsWhereThePredictionJustMeets(int replicas) {
    double share = TailCorrection.modelMissShare(H100, LOAD, replicas, 64, OBJECTIVE);
    if (share > TailCorrection.MIN_SHARE && share < TailCorrection.MAX_SHARE) {
      // Brute-force cross-check: allowing a little more than the share the model meets, a little less it misses.
      assertThat(ratio(replicas, 1 - share * 1.01)).isLessThanOrEqualTo(1.0);
      assertThat(ratio(replicas, 1 - share * 0.99)).isGreaterThan(1.0);
    } else {
      assertThat(share).isBetween(TailCorrection.MIN_SHARE, 1.0);
    }
  }

  @Test
  void modelMissShareFallsWithTheFleetAndIsWholeAtSaturation() {
    double previous = 1.0;
    for (int n = 1; n <= 12; n++) {
      double share = TailCorrection.modelMissShare(H100, LOAD, n, 64, OBJECTIVE);
      assertThat(share).as("%d replicas", n).isLessThanOrEqualTo(previous);
      previous = share;
    }
    assertThat(TailCorrection.modelMissShare(H100, LOAD.withRate(RequestsPerSecond.of(5000)), 1, 64, OBJECTIVE))
        .isEqualTo(1.0);
  }

  private static double ratio(int replicas, double percentile) {
    LatencyPrediction p = LatencyModel.predict(H100, LOAD, replicas, 64, percentile);
    return p.saturated() ? Double.POSITIVE_INFINITY : OBJECTIVE.ratio(p.ttftMillis(), p.itlMillis());
  }

  @ParameterizedTest(name = "observed {0}, model {1} -> {2}")
  @CsvSource({
      "0.02, 0.01, 2.0",
      "0.005, 0.01, 0.5",
      "0.0, 0.00001, 1.0", // both below what can be told apart from none
      "0.5, 0.0001, 32.0", // bounded
      "0.0, 0.5, 0.125"})
  void ratioIsObservedOverModelledFlooredAndBounded(double observed, double model, double expected) {
    assertThat(TailCorrection.ratio(observed, model)).isCloseTo(expected, within(1e-9));
  }

  @Test
  void noRatioWhereTheModelSaturatesOrNothingWasMeasured() {
    assertThat(TailCorrection.ratio(0.3, 1.0)).isNaN();
    assertThat(TailCorrection.ratio(Double.NaN, 0.01)).isNaN();
    assertThat(TailCorrection.learn(2.0, Double.NaN, 0.5)).isEqualTo(2.0);
  }

  @ParameterizedTest(name = "{0} expected misses move the log ratio by {1} of the plain update")
  @CsvSource({
      "0.4, 0.285714", // twenty requests at a 2% share: zero misses is the likeliest outcome either way
      "1.0, 0.5",
      "99.0, 0.99", // a busy window weighs (almost) as the plain update
      "0.0, 0.0"}) // no evidence: nothing learnt
  void aWindowWeighsByTheMissesItHolds(double expectedMisses, double share) {
    double plain = Math.log(TailCorrection.learn(1.0, 0.125, 0.5));
    double weighted = Math.log(TailCorrection.learn(1.0, 0.125, 0.5, expectedMisses));
    assertThat(weighted).isCloseTo(share * plain, within(1e-6));
  }

  @ParameterizedTest(name = "learnt {0}, settled {1}, observed {2}, model {3} -> {4}")
  @CsvSource({
      "4.0, false, 0.02, 0.001, 4.0", // a miss: tightening applies at once
      "4.0, false, 0.005, 0.005, 2.0", // met at the plan that ran: the corrected model must say it meets
      "4.0, false, 0.005, 0.02, 1.0", // ... but a cap never loosens below 1
      "0.5, false, 0.002, 0.004, 1.0", // loosening waits for enough settled windows
      "0.5, true, 0.002, 0.004, 0.5",
      "4.0, false, 0.3, 1.0, 4.0"}) // saturated model: no cap to apply
  void appliedRatioNeverContradictsTheLastWindow(double learnt, boolean settled, double observed, double model,
      double expected) {
    assertThat(TailCorrection.applied(learnt, settled, observed, model, 0.01)).isCloseTo(expected, within(1e-9));
  }

  @ParameterizedTest(name = "allowed {0}, headroom {1}, ratio {2} -> p {3}")
  @CsvSource({
      "0.01, 1.0, 1.0, 0.99",
      "0.01, 0.5, 1.0, 0.995",
      "0.01, 1.0, 2.0, 0.995",
      "0.01, 2.0, 0.5, 0.96",
      "0.01, 0.25, 32.0, 0.9999", // the model's highest percentile
      "0.4, 2.0, 0.125, 0.5"}) // never below the median
  void plannedPercentileIsTheCorrectedAllowedShare(double allowed, double headroom, double ratio, double p) {
    assertThat(TailCorrection.plannedPercentile(allowed, headroom, ratio)).isCloseTo(p, within(1e-9));
  }

  @Test
  void promptsTheModelDoesNotSeeAddToTtftsShareNotToItls() {
    // 70B, 2k-token prompts with a 9k p99 on 12 replicas: lightly loaded, the model sees next to no TTFT miss.
    ReplicaProfile h70 = BuiltInProfiles.LLAMA_70B_2X_H100;
    Load load = new Load(RequestsPerSecond.of(2.0), new TokenLengths(2000, 9000), new TokenLengths(28, 80));
    double both = TailCorrection.modelMissShare(h70, load, 12, 64, java.util.OptionalInt.of(8192), OBJECTIVE);
    assertThat(TailCorrection.modelMissShare(h70, load, 12, 64, java.util.OptionalInt.of(8192), OBJECTIVE, 0.0))
        .isEqualTo(both);
    double with = TailCorrection.modelMissShare(h70, load, 12, 64, java.util.OptionalInt.of(8192), OBJECTIVE, 0.006);
    assertThat(with).isCloseTo(both + 0.006, within(both + 1e-4));
    // An ITL objective missed by more than the unseen share: the ITL share is the larger, and stays.
    LatencyObjective tightItl = LatencyObjective.of(0.99, Duration.ofSeconds(2), Duration.ofMillis(30));
    double itlBound = TailCorrection.modelMissShare(h70, load, 12, 64, java.util.OptionalInt.of(8192), tightItl);
    assertThat(itlBound).isGreaterThan(0.05);
    assertThat(TailCorrection.modelMissShare(h70, load, 12, 64, java.util.OptionalInt.of(8192), tightItl, 0.006))
        .isEqualTo(itlBound);
  }
}
