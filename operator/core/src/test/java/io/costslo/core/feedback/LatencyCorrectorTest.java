package io.costslo.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.model.LatencyPrediction;
import io.costslo.core.metrics.Observation;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatencyCorrectorTest {
  private static final LatencyCorrector CORRECTOR = new LatencyCorrector(LatencyCorrector.Options.defaults());
  private static final LatencyPrediction PREDICTED = new LatencyPrediction(false, 400, 40, 0.6, 20, 64);

  private static CorrectionState repeat(CorrectionState s, Observation o, LatencyPrediction p, int n) {
    for (int i = 0; i < n; i++) {
      s = CORRECTOR.learn(s, o, p);
    }
    return s;
  }

  @ParameterizedTest(name = "observed {0}x TTFT and {1}x ITL -> factors {2}, {3}")
  @CsvSource({
      "2.0, 2.0, 2.0, 2.0",
      "0.75, 1.0, 0.75, 1.0",
      "0.5, 1.0, 0.7, 1.0", // a pessimistic model is trusted to shed only so far
      "1.0, 3.0, 1.0, 3.0",
      "20.0, 0.1, 8.0, 0.7", // bounded both ways
      "1.0, 1.0, 1.0, 1.0"})
  void convergesToTheObservedRatioWithinBounds(double ttftX, double itlX, double ttftF, double itlF) {
    Observation o = Observations.of(10, 800, 400 * ttftX, 40 * itlX);
    CorrectionState s = repeat(CorrectionState.initial(), o, PREDICTED, 30);
    assertThat(s.ttftFactor()).isCloseTo(ttftF, within(1e-6));
    assertThat(s.itlFactor()).isCloseTo(itlF, within(1e-6));
  }

  @Test
  void oneWindowMovesTheFactorOnlyPartOfTheWayInLogSpace() {
    CorrectionState up = CORRECTOR.learn(CorrectionState.initial(), Observations.of(10, 800, 1600.0, 20.0), PREDICTED);
    assertThat(up.ttftFactor()).isCloseTo(2.0, within(1e-9)); // sqrt(4): half of log 4
    assertThat(up.itlFactor()).isCloseTo(Math.sqrt(0.5), within(1e-9)); // half of log(1/2): both ways alike
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"no traffic", "no figures", "saturated model"})
  void learnsNothingWithoutAFiniteRatio(String when) {
    CorrectionState start = new CorrectionState(2.0, 3.0, 4, 10, 800);
    Observation o = switch (when) {
      case "no traffic" -> Observations.of(0, 800, 900.0, 90.0);
      case "no figures" -> Observations.of(10, 800, null, null);
      default -> Observations.of(10, 800, 900.0, 90.0);
    };
    LatencyPrediction p = when.equals("saturated model") ? LatencyPrediction.saturated(1.2, 64) : PREDICTED;
    CorrectionState s = CORRECTOR.learn(start, o, p);
    assertThat(s.ttftFactor()).isEqualTo(2.0);
    assertThat(s.itlFactor()).isEqualTo(3.0);
  }

  @ParameterizedTest(name = "rate {0}, prompt {1}: shift={2}")
  @CsvSource({
      "10, 800, false",
      "14, 1100, false", // within 1.5x
      "16, 800, true",
      "10, 1300, true",
      "6, 800, true"})
  void aWorkloadChangeDecaysTheFactorTowardOne(double rate, double prompt, boolean shift) {
    CorrectionState learnt = new CorrectionState(4.0, 4.0, 10, 10, 800);
    // The new window agrees with the model, so only the decay (and one smoothing step) moves it.
    CorrectionState s = CORRECTOR.learn(learnt, Observations.of(rate, prompt, 400.0, 40.0), PREDICTED);
    double expected = shift ? Math.exp(0.5 * 0.5 * Math.log(4)) : Math.exp(0.5 * Math.log(4));
    assertThat(s.ttftFactor()).isCloseTo(expected, within(1e-9));
    assertThat(s.samples()).isEqualTo(shift ? 1 : 11);
  }

  @Test
  void randomSequencesStayBoundedAndFinite() {
    Random r = new Random(13);
    CorrectionState s = CorrectionState.initial();
    for (int i = 0; i < 20_000; i++) {
      double ttft = r.nextInt(20) == 0 ? 0.0 : Math.exp(r.nextGaussian() * 4) * 400;
      Observation o = Observations.of(r.nextInt(10) == 0 ? 0 : r.nextDouble() * 100, r.nextDouble() * 4000,
          r.nextBoolean() ? ttft : null, Math.exp(r.nextGaussian() * 4) * 40);
      LatencyPrediction p = r.nextInt(10) == 0 ? LatencyPrediction.saturated(1.5, 8)
          : new LatencyPrediction(false, r.nextDouble() * 1000, r.nextDouble() * 100, 0.5, 10, 64);
      s = CORRECTOR.learn(s, o, p);
      assertThat(s.ttftFactor()).isBetween(0.7, 8.0);
      assertThat(s.itlFactor()).isBetween(0.7, 8.0);
      assertThat(s.capacityFactor()).isEqualTo(1.0); // latency windows never touch capacity
    }
  }

  @ParameterizedTest(name = "ttft {0} itl {1} -> beyond={2}")
  @CsvSource({
      "400, 40, false",
      "490, 33, false",
      "510, 40, true",
      "400, 31, true"})
  void disagreementFlagsRatiosBeyondTheTolerance(double ttft, double itl, boolean beyond) {
    Disagreement d = CORRECTOR.disagreement(Observations.of(10, 800, ttft, itl), PREDICTED);
    assertThat(d.beyondTolerance()).isEqualTo(beyond);
    assertThat(d.ttftRatio()).isCloseTo(ttft / 400, within(1e-6));
    assertThat(d.predictedTtft()).isPresent();
  }

  @ParameterizedTest(name = "{0} req/s on {1} pods, model {2}/pod, saturated {3}: {4} -> {5}")
  @CsvSource({
      "60, 10, 10, true, 1.0, 0.7745966692", // at capacity: 6/pod of a modelled 10, half way in log space
      "60, 10, 10, false, 1.0, 1.0", // below capacity: only a lower bound, already met
      "60, 10, 10, false, 0.5, 0.6", // the fleet already did better than the factor: raised to what it did
      "5, 10, 10, true, 1.0, 0.25", // bounded below
      "0, 10, 10, true, 0.8, 0.8"}) // no traffic: nothing learnt
  void capacityIsLearntAtSaturationAndBoundedBelowOtherwise(double rate, int pods, double model, boolean saturated,
      double from, double expected) {
    Observation o = new Observation(java.time.Instant.EPOCH, java.time.Duration.ofMinutes(1),
        io.costslo.core.load.Load.of(rate, 800, 200), Observations.millis(400.0), Observations.millis(40.0), 0.99, 10,
        50, 0.9, pods, java.util.List.of());
    CorrectionState s = CORRECTOR.learnCapacity(CorrectionState.initial().withCapacityFactor(from), o, model, saturated,
        java.time.Duration.ZERO);
    assertThat(s.capacityFactor()).isCloseTo(expected, within(1e-9));
  }

  @ParameterizedTest(name = "from {0} after {1} min below capacity -> {2}")
  @CsvSource({"0.5, 10, 0.7071067812", "0.5, 20, 0.8408964153", "0.5, 0, 0.5", "1.5, 10, 1.2247448714"})
  void aCapacityFactorRelaxesTowardOneOutsideSaturation(double from, long minutes, double expected) {
    Observation o = Observations.of(1, 800, 400.0, 40.0); // far below any capacity: no lower bound bites
    CorrectionState s = CORRECTOR.learnCapacity(CorrectionState.initial().withCapacityFactor(from), o, 10, false,
        java.time.Duration.ofMinutes(minutes));
    assertThat(s.capacityFactor()).isCloseTo(expected, within(1e-9));
  }

  @Test
  void noDisagreementWithoutFigures() {
    Disagreement d = CORRECTOR.disagreement(Observations.of(10, 800, null, null), PREDICTED);
    assertThat(d.beyondTolerance()).isFalse();
    assertThat(d.ttftRatio()).isNaN();
  }
}
