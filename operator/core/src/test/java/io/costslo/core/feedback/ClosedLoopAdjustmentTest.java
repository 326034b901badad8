package io.costslo.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.cost.CostModel;
import io.costslo.core.cost.GpuPrice;
import io.costslo.core.forecast.ForecastState;
import io.costslo.core.forecast.LoadForecaster;
import io.costslo.core.metrics.Observation;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.model.LatencyPrediction;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.CostPolicy.Budget;
import io.costslo.core.policy.Priority;
import io.costslo.core.testing.Policies;
import io.costslo.core.units.RequestsPerSecond;
import io.costslo.core.units.UsdPerHour;
import java.time.Duration;
import java.time.Instant;
import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.ReplicaProfile;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClosedLoopAdjustmentTest {
  private static final ClosedLoopAdjustment LOOP = new ClosedLoopAdjustment(ClosedLoopAdjustment.Options.defaults());
  private static final CostModel COSTS = CostModel.of(GpuPrice.of(4, 1.5), 1, 0, Duration.ofMinutes(5));
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  private static final LatencyPrediction MODEL = new LatencyPrediction(false, 400, 40, 0.6, 20, 64);
  private static final Plan CURRENT = new Plan(4, 0, 64);

  private static Policies policy() {
    return Policies.on(BuiltInProfiles.LLAMA_8B_H100).objective(0.99, 1000, 50).replicas(2, 10);
  }

  @Test
  void objectivesArePlannedAtHeadroomOverTheCorrection() {
    CorrectionState learnt = new CorrectionState(2.0, 0.8, 5, 10, 800);
    ErrorBudgetState budget = new ErrorBudgetState(java.util.List.of(), Optional.empty(), 0.8);
    FeedbackState s = new FeedbackState(learnt, budget, QueueState.empty(), ForecastState.empty());
    // Observed exactly what the corrected model says, so the factors stay put.
    Observation o = Observations.at(T0, 10, 800, 800.0, 32.0, 0);
    Adjustment a = LOOP.adjust(policy().build(), o, CURRENT, MODEL, COSTS, s, T0);
    assertThat(a.ttftFactor()).isCloseTo(2.0, within(1e-9));
    assertThat(a.itlFactor()).isCloseTo(0.8, within(1e-9)); // six windows agree: a loosening factor counts
    assertThat(a.policy().objective().ttft()).isEqualTo(Duration.ofMillis(400)); // 1000 x 0.8 / 2
    assertThat(a.policy().objective().itl()).isEqualTo(Duration.ofMillis(50)); // 50 x 0.8 / 0.8
    assertThat(a.policy().replicas()).isEqualTo(policy().build().replicas());
    assertThat(a.stepUp()).isFalse();
    assertThat(a.load().rate().value()).isEqualTo(10.0);
  }

  @Test
  void aLooseningFactorWaitsForEnoughWindowsToAgree() {
    FeedbackState s = FeedbackState.initial();
    for (int i = 0; i < ClosedLoopAdjustment.LOOSEN_AFTER; i++) {
      Instant now = T0.plusSeconds(30L * i);
      Adjustment a = LOOP.adjust(policy().build(), Observations.at(now, 10, 800, 200.0, 20.0, 0), CURRENT, MODEL,
          COSTS, s, now);
      assertThat(a.ttftFactor()).as("window %d", i).isEqualTo(i + 1 < ClosedLoopAdjustment.LOOSEN_AFTER ? 1.0 : 0.7);
      assertThat(a.state().correction().ttftFactor()).isLessThan(1.0);
      s = a.state();
    }
  }

  @ParameterizedTest(name = "observed ttft {0} itl {1}, model ttft {2}, {3} replicas, {4}: step up {5}")
  @CsvSource({
      "1200, 30, 400, 4, SLO, true", // a miss the (barely corrected) model does not see
      "900, 30, 400, 4, SLO, false", // no miss
      "1200, 30, 990, 4, SLO, false", // the model sees it coming: the optimizer will add capacity itself
      "1200, 30, 400, 10, SLO, false", // already at replicas.max
      "1200, 30, 400, 4, BUDGET_TIGHT, false", // one more replica would break a budget-first budget
      "1200, 30, 400, 4, BUDGET_ROOMY, true"})
  void aMeasuredMissThePlanWasPredictedToMeetAddsAReplica(double ttft, double itl, double modelTtft, int replicas,
      String priority, boolean stepUp) {
    Policies b = policy();
    if (priority.startsWith("BUDGET")) {
      double cap = COSTS.expectedValue(priority.endsWith("TIGHT") ? replicas : replicas + 1, 0);
      b = b.priority(Priority.BUDGET).budget(Budget.perHour(UsdPerHour.of(cap)));
    }
    CostPolicy p = b.build();
    Plan current = new Plan(replicas, 0, 64);
    LatencyPrediction model = new LatencyPrediction(false, modelTtft, 40, 0.6, 20, 64);
    Observation o = Observations.at(T0, 10, 800, ttft, itl, 0);
    Adjustment a = LOOP.adjust(p, o, current, model, COSTS, FeedbackState.initial(), T0);
    assertThat(a.stepUp()).isEqualTo(stepUp);
    assertThat(a.policy().replicas().min()).isEqualTo(stepUp ? replicas + 1 : p.replicas().min());
    assertThat(a.policy().replicas().max()).isEqualTo(p.replicas().max());
  }

  @Test
  void aFreshLoopWarmsUpUntilItsHistorySpansFiveColdStarts() {
    Duration cold = ClosedLoopAdjustment.Options.defaults().coldStart();
    long warmAfter = BurstReserve.WARM_UP_COLD_STARTS * cold.getSeconds();
    FeedbackState s = FeedbackState.initial();
    for (long t = 0; t <= warmAfter + 180; t += 30) {
      Instant now = T0.plusSeconds(t);
      Adjustment a = LOOP.adjust(policy().build(), Observations.at(now, 10, 800, 400.0, 20.0, 0), CURRENT, MODEL,
          COSTS, s, now);
      if (t < warmAfter) {
        assertThat(a.warmingUp()).as("at %d s", t).isTrue();
        assertThat(a.summary()).contains("warming up");
      } else if (t >= warmAfter + 120) {
        assertThat(a.warmingUp()).as("at %d s", t).isFalse(); // the first bucket closes a minute in
      }
      s = a.state();
    }
  }

  @Test
  void theBacklogDrainsOverTheColdStartWhenItIsLongerThanTheObjective() {
    Observation o = Observations.at(T0, 10, 800, 500.0, 20.0, 360);
    Adjustment a = LOOP.adjust(policy().build(), o, CURRENT, MODEL, COSTS, FeedbackState.initial(), T0);
    assertThat(a.demand().backlogDrain().value()).isCloseTo(2.0, within(1e-9)); // 360 over 3 min
    assertThat(a.load().rate().value()).isCloseTo(12.0, within(1e-9));
  }

  /** A forecaster state trained on three days of a daily cycle between 5 and 35 req/s. */
  private static ForecastState trainedDaily() {
    LoadForecaster f = new LoadForecaster(LoadForecaster.Options.daily());
    ForecastState s = ForecastState.empty();
    for (long t = 0; t < 3 * 86_400; t += 30) {
      s = f.observe(s, T0.plusSeconds(t), RequestsPerSecond.of(diurnal(t)));
    }
    return s;
  }

  private static double diurnal(double t) {
    return 20 + 15 * Math.sin(2 * Math.PI * t / 86_400);
  }

  @Test
  void aTrustedForecastSizesAheadOfTheRampAndAWrongOneFallsBack() {
    FeedbackState s = new FeedbackState(CorrectionState.initial(), ErrorBudgetState.empty(), QueueState.empty(),
        trainedDaily());
    long now = 3 * 86_400;
    // Day 4 starts on the rising ramp, as forecast: the rate is sized for where it will be.
    Adjustment onTrack = null;
    for (long t = now; t < now + 1800; t += 30) {
      Observation o = Observations.at(T0.plusSeconds(t), diurnal(t), 800, 500.0, 20.0, 0);
      onTrack = LOOP.adjust(policy().build(), o, CURRENT, MODEL, COSTS, s, T0.plusSeconds(t));
      s = onTrack.state();
    }
    assertThat(onTrack.forecastUsed()).isTrue();
    assertThat(onTrack.load().rate().value()).isGreaterThan(onTrack.demand().total().value());
    assertThat(onTrack.summary()).contains("forecast");

    // Then traffic swings between 60 and 2 req/s every 5 minutes, a shape the history never showed: the
    // forecast keeps missing, loses trust, and the rate is the reactive demand again, held up by the
    // burst reserve (a rise to 60 within one cold start was just seen) rather than by the forecast.
    Adjustment off = null;
    for (long t = now + 1800; t < now + 1800 + 3600; t += 30) {
      Observation o = Observations.at(T0.plusSeconds(t), t % 600 < 300 ? 60 : 2, 800, 500.0, 20.0, 0);
      off = LOOP.adjust(policy().build(), o, CURRENT, MODEL, COSTS, s, T0.plusSeconds(t));
      s = off.state();
    }
    assertThat(off.forecast().trusted()).isFalse();
    assertThat(off.forecastUsed()).isFalse();
    assertThat(off.burstReserve()).isGreaterThan(off.demand().total().value());
    assertThat(off.load().rate().value()).isEqualTo(off.burstReserve());
    assertThat(off.summary()).contains("not trusted").contains("burst reserve");
  }

  @Test
  void aForecastBelowDemandNeverLowersTheRate() {
    FeedbackState s = new FeedbackState(CorrectionState.initial(), ErrorBudgetState.empty(), QueueState.empty(),
        trainedDaily());
    long t = 3 * 86_400 + 43_200; // noon-ish of day 4, the falling half of the cycle
    for (long k = t; k < t + 1800; k += 30) {
      Adjustment a = LOOP.adjust(policy().build(), Observations.at(T0.plusSeconds(k), diurnal(k), 800, 500.0, 20.0, 0),
          CURRENT, MODEL, COSTS, s, T0.plusSeconds(k));
      assertThat(a.load().rate().value()).isGreaterThanOrEqualTo(a.demand().total().value());
      s = a.state();
    }
  }

  /** The same window with a measured attainment: the closed loop then corrects the miss share. */
  private static Observation measured(Instant at, double ttftMillis, double itlMillis, double attainment) {
    return Observations.at(at, 10, 800, ttftMillis, itlMillis, 0).withExtras(Optional.empty(),
        Optional.of(attainment), Optional.empty());
  }

  @ParameterizedTest(name = "window p99 ITL {0} ms, measured attainment {1}: adds capacity {2}")
  @CsvSource({
      "80, 0.995, false", // the window's p99 is over the objective but the budget is not missed
      "80, 0.97, true", // a real miss of the budget the model did not see
      "30, 0.999, false"})
  void measuredAttainmentDecidesWhatAMissIs(double itl, double attainment, boolean adds) {
    CostPolicy p = policy().build();
    FeedbackState s = FeedbackState.initial();
    Adjustment a = null;
    // Twelve minutes of the same window: the long window confirms the short one.
    for (int i = 0; i < 24; i++) {
      Instant now = T0.plusSeconds(30L * i);
      a = LOOP.adjust(p, measured(now, 400, itl, attainment), CURRENT, MODEL, COSTS, s, now);
      s = a.state();
    }
    // Capacity is added by a step up or by a corrected model that says the plan that ran misses.
    io.costslo.core.model.LatencyPrediction atCurrent = io.costslo.core.model.LatencyModel.predict(
        p.capacity().profile(), a.load(), CURRENT.totalReplicas(), CURRENT.batchCap(),
        a.policy().objective().percentile());
    boolean modelMisses = atCurrent.saturated()
        || a.policy().objective().ratio(atCurrent.ttftMillis(), atCurrent.itlMillis()) > 1;
    assertThat(a.stepUp() || modelMisses).isEqualTo(adds);
    // Measured: the objectives stay as written, the planned percentile carries the correction.
    assertThat(a.policy().objective().itl()).isEqualTo(p.objective().itl());
    assertThat(a.ttftFactor()).isEqualTo(1.0);
    assertThat(a.itlFactor()).isEqualTo(1.0);
    if (attainment < 0.99) {
      assertThat(a.policy().objective().percentile()).isGreaterThan(p.objective().percentile());
      assertThat(a.burn().headroom()).isLessThan(1.0);
    } else {
      assertThat(a.burn().headroom()).isGreaterThanOrEqualTo(1.0);
    }
  }

  @ParameterizedTest(name = "measured attainment {0}, hourly cap at {1} replicas: scale-down held an hour {2}")
  @CsvSource({
      "0.97, 0, true", // burning, no cap: the fleet the bursts needed is kept for the long window
      "0.999, 0, false", // not burning: the policy's own window
      "0.97, 3, false", // burning, but the fleet running now costs more than the hard cap: the cap comes first
      "0.97, 5, true"}) // burning under a cap the fleet running now fits
  void aBurningBudgetHoldsScaleDownForTheLongWindowUnlessTheHardCapIsPassed(double attainment, int capReplicas,
      boolean held) {
    Policies b = policy();
    if (capReplicas > 0) {
      b = b.budget(Budget.perHour(UsdPerHour.of(COSTS.expectedValue(capReplicas, 0))));
    }
    CostPolicy p = b.build();
    FeedbackState s = FeedbackState.initial();
    Adjustment a = null;
    for (int i = 0; i < 24; i++) {
      Instant now = T0.plusSeconds(30L * i);
      a = LOOP.adjust(p, measured(now, 400, 30, attainment), CURRENT, MODEL, COSTS, s, now);
      s = a.state();
    }
    Duration longWindow = ClosedLoopAdjustment.Options.defaults().budget().longWindow();
    assertThat(longWindow).as("precondition: the long window is longer than the policy's").isGreaterThan(
        p.stability().scaleDownWindow());
    assertThat(a.burn().longWindow() > 1).as("burning").isEqualTo(attainment < 0.99);
    assertThat(a.policy().stability().scaleDownWindow()).isEqualTo(held ? longWindow : p.stability().scaleDownWindow());
    assertThat(a.policy().replicas().max()).as("replicas.max untouched").isEqualTo(p.replicas().max());
  }

  @Test
  void aBurningBudgetDoesNotHoldAFleetWhereNoFleetSizeMeetsTheObjectives() {
    // p99 prompts of 60k tokens: their prefill alone exceeds the 1 s TTFT objective on an idle replica.
    CostPolicy p = policy().build();
    io.costslo.core.load.Load longPrompts = new io.costslo.core.load.Load(RequestsPerSecond.of(10),
        new io.costslo.core.load.TokenLengths(800, 60_000), io.costslo.core.load.TokenLengths.ofMean(200));
    FeedbackState s = FeedbackState.initial();
    Adjustment a = null;
    for (int i = 0; i < 24; i++) {
      Instant now = T0.plusSeconds(30L * i);
      Observation o = new Observation(now, Duration.ofMinutes(1), longPrompts, Optional.of(Duration.ofMillis(3000)),
          Optional.of(Duration.ofMillis(30)), 0.99, 10, 0, 0.5, CURRENT.totalReplicas(), java.util.List.of())
          .withExtras(Optional.empty(), Optional.of(0.9), Optional.empty());
      a = LOOP.adjust(p, o, CURRENT, MODEL, COSTS, s, now);
      s = a.state();
    }
    assertThat(a.burn().longWindow()).as("precondition: burning").isGreaterThan(1.0);
    assertThat(ReserveSizing.meetsSomewhere(a.policy(), longPrompts)).as("precondition: out of reach").isFalse();
    assertThat(a.policy().stability().scaleDownWindow()).isEqualTo(p.stability().scaleDownWindow());
  }

  /**
   * Six minutes of a burst that burned the budget, then six quiet ones still burning it: the hold keeps
   * the fleet a burst some size serves needed, not the overload answer to one no size serves, although
   * the quiet load itself is served at some size in both cases.
   */
  @ParameterizedTest(name = "burst of {0} req/s: scale-down held an hour {1}")
  @CsvSource({"8, true", "100000, false"})
  void theHoldIsJudgedAtTheLongWindowsBusiestMinute(double burstRate, boolean held) {
    CostPolicy p = policy().build();
    FeedbackState s = FeedbackState.initial();
    Adjustment a = null;
    for (int i = 0; i < 24; i++) {
      Instant now = T0.plusSeconds(30L * i);
      Observation o = Observations.at(now, i < 12 ? burstRate : 3, 800, 400.0, 30.0, 0).withExtras(
          Optional.empty(), Optional.of(i < 12 ? 0.9 : 0.97), Optional.empty());
      a = LOOP.adjust(p, o, CURRENT, MODEL, COSTS, s, now);
      s = a.state();
    }
    assertThat(a.burn().longWindow()).as("precondition: burning").isGreaterThan(1.0);
    assertThat(a.burn().peakShortWindow()).as("precondition: a burst spent it").isGreaterThan(1.0);
    assertThat(ReserveSizing.meetsSomewhere(a.policy(), a.load())).as("precondition: the quiet load is served")
        .isTrue();
    // The first window's whole minute lands in the bucket of its count, beside the next half-minute.
    assertThat(BurnHold.peakRate(a.state().budget(), Duration.ofMinutes(1))).isBetween(burstRate, 1.5 * burstRate);
    Duration longWindow = ClosedLoopAdjustment.Options.defaults().budget().longWindow();
    assertThat(a.policy().stability().scaleDownWindow()).isEqualTo(held ? longWindow : p.stability().scaleDownWindow());
  }

  @Test
  void whileReplicasAreStartingTheBatchSettingsThatRunAreTheOnlyChoice() {
    CostPolicy p = policy().batchCaps(java.util.List.of(32, 64, 128), 64).build();
    Plan running = new Plan(4, 0, 64);
    Observation allReady = new Observation(T0, Duration.ofMinutes(1), io.costslo.core.load.Load.of(10, 800, 200),
        Optional.of(Duration.ofMillis(400)), Optional.of(Duration.ofMillis(30)), 0.99, 10, 0, 0.5, 4, java.util.List.of());
    Observation starting = new Observation(T0, Duration.ofMinutes(1), io.costslo.core.load.Load.of(10, 800, 200),
        Optional.of(Duration.ofMillis(400)), Optional.of(Duration.ofMillis(30)), 0.99, 10, 0, 0.5, 3, java.util.List.of());

    Adjustment ready = LOOP.adjust(p, allReady, running, MODEL, COSTS, FeedbackState.initial(), T0);
    assertThat(ready.policy().batch().allowedCaps()).containsExactly(32, 64, 128);
    Adjustment notReady = LOOP.adjust(p, starting, running, MODEL, COSTS, FeedbackState.initial(), T0);
    assertThat(notReady.policy().batch().allowedCaps()).as("a change would restart the starting replica")
        .containsExactly(64);
    assertThat(notReady.policy().replicas()).as("scaling is not held").isEqualTo(ready.policy().replicas());
  }

  @Test
  void anOverAdmittingCapIsLeftEvenWhileReplicasStart() {
    CostPolicy p = policy().batchCaps(java.util.List.of(32, 64, 128, 256), 64).build();
    Plan running = new Plan(4, 0, 64);
    // Mooncake-like lengths (KV fit 27 on 8B) and 200 requests on 3 ready replicas: cap 64 over-admits.
    Observation queued = new Observation(T0, Duration.ofMinutes(1), io.costslo.core.load.Load.of(4, 15000, 300),
        Optional.of(Duration.ofMillis(9000)), Optional.of(Duration.ofMillis(90)), 0.99, 100, 100, 0.99, 3,
        java.util.List.of());
    Adjustment a = LOOP.adjust(p, queued, running, MODEL, COSTS, FeedbackState.initial(), T0);
    assertThat(a.policy().batch().allowedCaps()).containsExactly(32);
    assertThat(a.capsUpTo()).isEqualTo(32);
    assertThat(a.summary()).contains("caps above 32 not planned");
  }

  @Test
  void aMeasuredMissShareTwiceTheModelsIsLearntAndBounded() {
    CostPolicy p = policy().build();
    double model = TailCorrection.modelMissShare(p.capacity().profile(), Observations.of(10, 800, 400.0, 30.0).load(),
        CURRENT.totalReplicas(), CURRENT.batchCap(), p.objective());
    FeedbackState s = FeedbackState.initial();
    Adjustment a = null;
    // Windows of 300 requests at so small a share hold a fraction of a miss each: each weighs little (an hour of them).
    for (int i = 0; i < 120; i++) {
      Instant now = T0.plusSeconds(30L * i);
      a = LOOP.adjust(p, measured(now, 400, 30, 1 - 2 * model), CURRENT, MODEL, COSTS, s, now);
      s = a.state();
    }
    assertThat(a.state().correction().tailFactor()).isCloseTo(2.0, within(0.01));
    assertThat(a.policy().objective().percentile()).isBetween(0.5, 1 - TailCorrection.MIN_SHARE);
  }
  @Test
  void aLooseningMissShareRatioCountsItsWindowsAcrossBurstsOfRate() {
    // Bursty traffic: the rate moves 3x every window, which resets the latency factors' sample count each
    // time. The miss-share ratio carries over between rates, so its own count decides when it may loosen.
    CostPolicy p = policy().build();
    double[] rates = {16, 48};
    FeedbackState s = FeedbackState.initial();
    Adjustment a = null;
    for (int i = 0; i < 2 * ClosedLoopAdjustment.LOOSEN_AFTER; i++) {
      Instant now = T0.plusSeconds(30L * i);
      Observation o = Observations.at(now, rates[i % 2], 800, 400.0, 30.0, 0);
      double model = TailCorrection.modelMissShare(p.capacity().profile(), o.load(), CURRENT.totalReplicas(),
          CURRENT.batchCap(), p.objective());
      assertThat(model).as("the model sees misses at %s req/s", rates[i % 2]).isBetween(0.001, 0.4);
      a = LOOP.adjust(p, o.withExtras(Optional.empty(), Optional.of(1 - model / 4), Optional.empty()), CURRENT, MODEL,
          COSTS, s, now);
      assertThat(a.state().correction().samples()).as("window %d: the rate shift resets the latency count", i)
          .isLessThan(ClosedLoopAdjustment.LOOSEN_AFTER);
      assertThat(a.state().correction().tailSamples()).isEqualTo(i + 1);
      if (i + 1 < ClosedLoopAdjustment.LOOSEN_AFTER) {
        assertThat(a.tailFactor()).as("window %d: too few windows to loosen on", i).isEqualTo(1.0);
      }
      s = a.state();
    }
    assertThat(a.state().correction().tailFactor()).isLessThan(0.5);
    assertThat(a.tailFactor()).as("the learnt ratio is planned with").isLessThan(0.5);
    assertThat(a.policy().objective().percentile()).isLessThan(p.objective().percentile());
  }

  @Test
  void longPromptsBeyondTheModelsP99DoNotTeachAMissingTail() {
    // 70B on 12 replicas at 2 req/s, 2k-token prompts with a 9k p99: every prompt up to the p99 is served
    // in time, and the 0.6% longer than an idle replica prefills within 2 s (the prior) miss at any size.
    // The model stops at the p99, so before it counted them the ratio learnt climbed toward its bound and
    // the plan bought replicas those prompts cannot use.
    ReplicaProfile h70 = BuiltInProfiles.LLAMA_70B_2X_H100;
    CostPolicy p = Policies.on(h70).objective(0.99, 2000, 100).replicas(1, 64).build();
    Plan current = new Plan(12, 0, 64, OptionalInt.of(8192));
    Load load = new Load(RequestsPerSecond.of(2.0), new TokenLengths(2000, 9000), new TokenLengths(28, 80));
    double reachable = IrreducibleShare.reachablePromptTokens(h70, 28, 64, OptionalInt.of(8192), Duration.ofSeconds(2));
    double prior = IrreducibleShare.prior(load.input(), reachable);
    assertThat(reachable).isGreaterThan(9000);
    assertThat(prior).isBetween(0.002, 3 * 0.01); // too few to split off as irreducible
    LatencyPrediction atCurrent = LatencyModel.predict(h70, load, 12, 64, OptionalInt.of(8192), 0.99);
    FeedbackState s = FeedbackState.initial();
    Adjustment a = null;
    for (int i = 0; i < 120; i++) {
      Instant now = T0.plusSeconds(30L * i);
      Observation o = new Observation(now, Duration.ofMinutes(1), load, Optional.of(Duration.ofMillis(1900)),
          Optional.of(Duration.ofMillis(40)), 0.99, 1, 0, 0.1, 12, List.of())
          .withExtras(Optional.empty(), Optional.of(1 - prior), Optional.empty());
      a = LOOP.adjust(p, o, current, atCurrent, COSTS, s, now);
      s = a.state();
    }
    assertThat(a.state().correction().tailFactor()).isBetween(0.5, 2.0);
    assertThat(a.stepUp()).isFalse();
  }
}
