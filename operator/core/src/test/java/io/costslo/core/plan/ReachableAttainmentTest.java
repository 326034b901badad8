package io.costslo.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.cost.CostModel;
import io.costslo.core.cost.GpuPrice;
import io.costslo.core.decision.Reason;
import io.costslo.core.decision.StabilityGuard;
import io.costslo.core.decision.StabilityState;
import io.costslo.core.feedback.BurnRates;
import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.testing.Policies;
import io.costslo.core.units.RequestsPerSecond;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Overload answered with the attainment the bounds reach: prompts whose p99 alone outlasts the TTFT
 * objective on an idle replica make every plan miss at p99, while most requests can still be served.
 */
class ReachableAttainmentTest {
  private static final CostModel COSTS = CostModel.of(GpuPrice.of(4, 1.5), 1, 0.05, Duration.ofMinutes(5));
  private static final int MAX = 40;
  private static final List<Integer> CAPS = List.of(32, 128);

  /** 10 req/s of prompts averaging 4k tokens with an 80k p99: an 80k prompt alone takes over 2 s to prefill. */
  private static final Load LONG_TAIL = new Load(RequestsPerSecond.of(10), new TokenLengths(4000, 80_000),
      TokenLengths.ofMean(200));

  private static CostPolicy policy(long itlMillis) {
    return Policies.on(BuiltInProfiles.LLAMA_8B_H100).objective(0.99, 2000, itlMillis).replicas(1, MAX)
        .batchCaps(CAPS, 128).build();
  }

  private static double ratio(CostPolicy p, Load load, int replicas, int cap, double percentile) {
    return FrontierOptimizer.sloRatio(p.objective(),
        LatencyModel.predict(p.capacity().profile(), load, replicas, cap, percentile));
  }

  @Test
  void bestLatencyIsTheDefaultAnswer() {
    CostPolicy p = policy(100);
    Optimization byDefault = FrontierOptimizer.optimize(p, LONG_TAIL, COSTS);
    Optimization best = FrontierOptimizer.optimize(p, LONG_TAIL, COSTS, OverloadAnswer.BEST_LATENCY);
    assertThat(byDefault.reason()).isEqualTo(Reason.SloUnreachable);
    assertThat(byDefault.reachable()).isEmpty();
    assertThat(byDefault.chosen().plan()).isEqualTo(best.chosen().plan());
  }

  @Test
  void takesTheCheapestPlanWithinHalfABudgetOfTheBestAttainment() {
    CostPolicy p = policy(100);
    Optimization best = FrontierOptimizer.optimize(p, LONG_TAIL, COSTS, OverloadAnswer.BEST_LATENCY);
    Optimization o = FrontierOptimizer.optimize(p, LONG_TAIL, COSTS, OverloadAnswer.REACHABLE_ATTAINMENT);

    assertThat(o.reason()).isEqualTo(Reason.SloUnreachable);
    Optimization.Reachable r = o.reachable().orElseThrow();
    assertThat(r.percentile()).isEqualTo(0.99);
    assertThat(r.planned()).isCloseTo(r.reachable() - 0.005, within(1e-12));
    // The reachable percentile is the best plan's edge: it meets there and misses just above.
    int bestCap = r.best().plan().batchCap();
    int bestTotal = r.best().plan().totalReplicas();
    assertThat(r.best().sloRatio()).isGreaterThan(1.0);
    assertThat(ratio(p, LONG_TAIL, bestTotal, bestCap, r.reachable())).isLessThanOrEqualTo(1.0);
    assertThat(ratio(p, LONG_TAIL, bestTotal, bestCap, r.reachable() + 1e-5)).isGreaterThan(1.0);
    for (int cap : CAPS) {
      assertThat(ratio(p, LONG_TAIL, MAX, cap, r.reachable() + 1e-5)).as("no cap does better at %d", cap)
          .isGreaterThan(1.0);
    }

    // Brute force over every total and cap at the planned percentile: the chosen plan is the cheapest that meets.
    Plan chosen = o.chosen().plan();
    assertThat(ratio(p, LONG_TAIL, chosen.totalReplicas(), chosen.batchCap(), r.planned())).isLessThanOrEqualTo(1.0);
    double cheapest = Double.POSITIVE_INFINITY;
    for (int cap : CAPS) {
      for (int total = 1; total <= MAX; total++) {
        FrontierPoint pt = o.pointFor(total, cap).orElseThrow();
        if (ratio(p, LONG_TAIL, total, cap, r.planned()) <= 1.0) {
          cheapest = Math.min(cheapest, pt.expectedCost().value());
        }
      }
    }
    assertThat(o.chosen().expectedCost().value()).isEqualTo(cheapest);
    assertThat(o.chosen().expectedCost().value())
        .as("cheaper than the best-latency answer").isLessThan(best.chosen().expectedCost().value());
  }

  @Test
  void whereEvenTheMedianMissesTheBestLatencyAnswerStands() {
    // An ITL objective below the bare step time: no percentile is reachable.
    CostPolicy p = policy(5);
    Optimization best = FrontierOptimizer.optimize(p, LONG_TAIL, COSTS, OverloadAnswer.BEST_LATENCY);
    Optimization o = FrontierOptimizer.optimize(p, LONG_TAIL, COSTS, OverloadAnswer.REACHABLE_ATTAINMENT);
    assertThat(o.reason()).isEqualTo(Reason.SloUnreachable);
    assertThat(o.reachable()).isEmpty();
    assertThat(o.chosen().plan()).isEqualTo(best.chosen().plan());
  }

  @Test
  void aPlanThatMeetsIsNotTouched() {
    CostPolicy p = policy(100);
    Load conversational = Load.of(10, 800, 200);
    Optimization best = FrontierOptimizer.optimize(p, conversational, COSTS, OverloadAnswer.BEST_LATENCY);
    Optimization o = FrontierOptimizer.optimize(p, conversational, COSTS, OverloadAnswer.REACHABLE_ATTAINMENT);
    assertThat(o.reason()).isEqualTo(Reason.CheapestFeasible);
    assertThat(o.reachable()).isEmpty();
    assertThat(o.chosen().plan()).isEqualTo(best.chosen().plan());
  }

  @Test
  void statusSaysWhichPercentileThePlanMeets() {
    CostPolicy p = policy(100);
    Optimization o = FrontierOptimizer.optimize(p, LONG_TAIL, COSTS, OverloadAnswer.REACHABLE_ATTAINMENT);
    StabilityGuard.Outcome out = StabilityGuard.apply(p, o, o.chosen().plan(), Instant.EPOCH, StabilityState.empty());
    assertThat(out.message()).startsWith("SLO unreachable: no plan within the replica bounds meets the objectives at p99 (")
        .contains("the best meets them at about p")
        .contains("half an error budget below: " + o.chosen().plan());
  }

  /** The closed loop's choice: reach for attainment only while the hour's budget holds. */
  @ParameterizedTest(name = "long-window burn {0}")
  @CsvSource({"0.0, REACHABLE_ATTAINMENT", "0.99, REACHABLE_ATTAINMENT", "1.0, BEST_LATENCY", "3.5, BEST_LATENCY",
      "NaN, BEST_LATENCY"})
  void theBudgetDecidesTheAnswer(double longBurn, OverloadAnswer expected) {
    assertThat(new BurnRates(2.0, longBurn, 1.0, 1.0).overloadAnswer()).isEqualTo(expected);
  }
}
