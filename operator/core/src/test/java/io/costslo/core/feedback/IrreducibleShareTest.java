package io.costslo.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.cost.CostModel;
import io.costslo.core.cost.GpuPrice;
import io.costslo.core.forecast.ForecastState;
import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.metrics.Observation;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.testing.Policies;
import io.costslo.core.units.RequestsPerSecond;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IrreducibleShareTest {
  private static final ReplicaProfile H100 = BuiltInProfiles.LLAMA_8B_H100;
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");

  @ParameterizedTest(name = "{0} ms objective")
  @CsvSource({"500", "2000", "8000"})
  void theReachablePromptIsTheLongestAnIdleReplicaPrefillsInTime(long objectiveMillis) {
    Duration objective = Duration.ofMillis(objectiveMillis);
    double l = IrreducibleShare.reachablePromptTokens(H100, 150, 64, OptionalInt.empty(), objective);
    assertThat(IrreducibleShare.idleTtftMillis(H100, l, 150, 64, OptionalInt.empty())).isLessThanOrEqualTo(objectiveMillis);
    assertThat(IrreducibleShare.idleTtftMillis(H100, l + 2, 150, 64, OptionalInt.empty())).isGreaterThan(objectiveMillis);
  }

  @Test
  void aPromptBeyondTheKvCacheIsNeverReachable() {
    ReplicaProfile small = H100.withKvCacheTokens(10_000);
    assertThat(IrreducibleShare.reachablePromptTokens(small, 100, 64, OptionalInt.empty(), Duration.ofMinutes(10)))
        .isLessThanOrEqualTo(9_900);
    assertThat(IrreducibleShare.reachablePromptTokens(H100, 100, 64, OptionalInt.empty(), Duration.ofMillis(1)))
        .isZero(); // not even one token within a base step
  }

  @Test
  void thePriorIsTheLogNormalTailWithThatMeanAndP99() {
    TokenLengths l = new TokenLengths(1000, 4000);
    assertThat(IrreducibleShare.prior(l, 4000)).isCloseTo(0.01, within(2e-4)); // the p99 leaves 1% above it
    assertThat(IrreducibleShare.prior(l, 8000)).isLessThan(0.01).isGreaterThan(0);
    assertThat(IrreducibleShare.prior(l, 2000)).isGreaterThan(0.01);
    assertThat(IrreducibleShare.prior(TokenLengths.ofMean(1000), 999)).isEqualTo(1.0);
    assertThat(IrreducibleShare.prior(TokenLengths.ofMean(1000), 1001)).isEqualTo(0.0);
  }

  @ParameterizedTest(name = "allowed {0}, irreducible {1}: reducible allowance {2}")
  @CsvSource({"0.01, 0, 0.01", "0.01, 0.004, 0.006", "0.01, 0.05, 0.005", "0.05, 0.01, 0.04"})
  void theReducibleRequestsGetWhatTheBudgetLeavesButAtLeastHalf(double allowed, double irr, double expected) {
    assertThat(IrreducibleShare.reducibleAllowance(allowed, irr)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void theBudgetBurnsOnTheReducibleRequestsOnly() {
    ErrorBudget b = new ErrorBudget(ErrorBudget.Options.defaults());
    Observation o = window(T0, new TokenLengths(1000, 4000), 0.92, 30);
    ErrorBudgetState s = b.record(ErrorBudgetState.empty(), o, policy().objective(), T0);
    ErrorBudgetState.Bucket bucket = s.buckets().get(0);
    double all = 4.0 * 60; // 4 req/s over the 1-minute window
    assertThat(bucket.requests()).isCloseTo(all, within(1e-6));
    assertThat(bucket.missed()).isCloseTo(all * 0.08, within(1e-6));
    assertThat(ErrorBudget.reducibleTarget(0.99, 0.07)).isCloseTo(0.995, within(1e-12));
    assertThat(ErrorBudget.reducibleTarget(0.99, 0.0)).isEqualTo(0.99);
    // 7% irreducible: 1% of all requests missed of the 93% reducible, against a 0.5% allowance.
    assertThat(b.burn(s, 0.99, T0, 0.07).shortWindow()).isCloseTo(0.01 / 0.93 / 0.005, within(1e-9));
    // The same window judged with another estimate of the share: all its misses, or none of them.
    assertThat(b.burn(s, 0.99, T0, 0.0).shortWindow()).isCloseTo(0.08 / 0.01, within(1e-9));
    assertThat(b.burn(s, 0.99, T0, 0.08).shortWindow()).isEqualTo(0.0);
  }

  /**
   * The share is learnt after the budget has counted windows: an estimate that started low (the prior
   * saw 5% where 8% miss at any size) must not leave those windows spent once it has learnt better.
   */
  @Test
  void aShareLearntLateReJudgesTheWindowsAlreadyCounted() {
    ErrorBudget b = new ErrorBudget(ErrorBudget.Options.defaults());
    ErrorBudgetState s = ErrorBudgetState.empty();
    for (int i = 0; i < 10; i++) {
      Instant t = T0.plusSeconds(60L * i);
      s = b.update(s, window(t, new TokenLengths(1000, 4000), 0.92, 30), policy().objective(), t, 0.05);
    }
    Instant end = T0.plusSeconds(540);
    BurnRates early = b.burn(s, 0.99, end, 0.05);
    BurnRates learnt = b.burn(s, 0.99, end, 0.08);
    assertThat(early.longWindow()).isGreaterThan(5.0);
    assertThat(learnt.longWindow()).isEqualTo(0.0);
    assertThat(learnt.shortWindow()).isEqualTo(0.0);
  }

  /**
   * Mooncake-like long-context traffic on a lightly loaded fleet: 8% of requests miss whatever the size,
   * since their prompts alone take longer than the 2 s objective to prefill. The loop must call that
   * share irreducible, keep it out of the budget and plan fewer replicas than run, not more.
   */
  @Test
  void longPromptsThatNoReplicaServesInTimeBuyNoCapacity() {
    CostPolicy p = policy();
    Plan current = new Plan(30, 0, 64);
    Adjustment a = run(p, current, new TokenLengths(13_000, 80_000), 0.92);
    assertThat(a.irreducibleShare()).isBetween(0.05, 0.1);
    assertThat(a.sloUnreachable()).isTrue();
    assertThat(a.unreachableNote()).contains("SLO unreachable for").contains("prompts over");
    assertThat(a.reachablePromptTokens()).isBetween(40_000.0, 43_000.0);
    assertThat(a.load().input().p99()).isEqualTo(a.plannedPromptTokens()).isLessThan(30_000);
    assertThat(a.burn().shortWindow()).isLessThan(1.0);
    assertThat(a.burn().headroom()).isGreaterThanOrEqualTo(1.0);
    assertThat(a.stepUp()).isFalse();
    CostModel costs = CostModel.of(GpuPrice.of(6.88, 3.35), 1, 0, Duration.ofMinutes(5));
    assertThat(FrontierOptimizer.optimize(a.policy(), a.load(), costs).chosen().plan().totalReplicas())
        .isLessThan(current.totalReplicas());
  }

  @Test
  void promptsEveryReplicaServesLeaveTheLoopAsItWas() {
    Adjustment a = run(policy(), new Plan(30, 0, 64), new TokenLengths(1000, 4000), 0.92);
    assertThat(a.irreducibleShare()).isZero();
    assertThat(a.sloUnreachable()).isFalse();
    assertThat(a.unreachableNote()).isEmpty();
    assertThat(a.load().input().p99()).isEqualTo(4000);
    assertThat(a.burn().shortWindow()).isGreaterThan(1.0); // the same misses now burn the budget
  }

  private static Adjustment run(CostPolicy p, Plan current, TokenLengths prompts, double attainment) {
    ClosedLoopAdjustment loop = new ClosedLoopAdjustment(ClosedLoopAdjustment.Options.defaults());
    CostModel costs = CostModel.of(GpuPrice.of(6.88, 3.35), 1, 0, Duration.ofMinutes(5));
    FeedbackState s = new FeedbackState(CorrectionState.initial(), ErrorBudgetState.empty(), QueueState.empty(),
        ForecastState.empty());
    Adjustment a = null;
    for (int i = 0; i < 24; i++) {
      Instant now = T0.plusSeconds(30L * i);
      Observation o = window(now, prompts, attainment, current.totalReplicas());
      var atCurrent = LatencyModel.predict(p.capacity().profile(), ClosedLoopAdjustment.modelLoad(o, s),
          current.totalReplicas(), current.batchCap(), p.objective().percentile());
      a = loop.adjust(p, o, current, atCurrent, costs, s, now);
      s = a.state();
    }
    return a;
  }

  private static CostPolicy policy() {
    return Policies.on(H100).objective(0.99, 2000, 100).replicas(1, 64).build();
  }

  private static Observation window(Instant at, TokenLengths prompts, double attainment, int ready) {
    Load load = new Load(RequestsPerSecond.of(4), prompts, new TokenLengths(150, 400));
    return new Observation(at, Duration.ofMinutes(1), load, Optional.of(Duration.ofSeconds(4)),
        Optional.of(Duration.ofMillis(12)), 0.99, 8, 0, 0.2, ready, List.<Observation.CalibrationSample>of())
        .withExtras(Optional.empty(), Optional.of(attainment), Optional.empty());
  }
}
