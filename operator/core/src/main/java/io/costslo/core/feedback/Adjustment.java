package io.costslo.core.feedback;

import io.costslo.core.forecast.Forecast;
import io.costslo.core.load.Load;
import io.costslo.core.plan.OverloadAnswer;
import io.costslo.core.policy.CostPolicy;

/**
 * What the closed loop hands the optimizer for one cycle, and the figures for status.
 *
 * @param policy the policy to plan with: objectives scaled by headroom / correction per figure, and
 *     the replica floor raised by one when a measured miss was predicted to meet (never above
 *     replicas.max)
 * @param load the load to plan for: the demand rate (or the trusted forecast peak, if higher) at the
 *     observed token lengths
 * @param ttftFactor observed / predicted TTFT as planned with (a learnt factor below 1 counts only
 *     once enough windows agree; the learnt value is in {@code state().correction()})
 * @param itlFactor observed / predicted ITL as planned with
 * @param tailFactor observed / modelled share missing the objectives as planned with, where the source
 *     measures attainment (1 otherwise; the latency factors are then 1 and the planned percentile moves)
 * @param burn error-budget burn over both windows, and the headroom it implies
 * @param demand the demand estimate
 * @param forecast the forecast over the cold-start horizon
 * @param forecastUsed the forecast raised the planned rate
 * @param stepUp a measured miss at a plan predicted to meet raised the replica floor
 * @param disagreement the model's raw prediction at the plan that ran vs what was observed
 * @param state the state to persist for the next cycle
 * @param irreducibleShare estimated share of requests no fleet size serves within the objectives
 *     (prompts whose prefill alone on an idle replica exceeds the TTFT objective, see
 *     {@link IrreducibleShare}); 0 when none is seen. The SLO is unreachable for this share: it is left
 *     out of the error budget and not planned for.
 * @param reachablePromptTokens longest prompt an idle replica serves within the TTFT objective; NaN
 *     when not computed (no observed prompt beyond it)
 * @param plannedPromptTokens the p99 prompt length the load was planned with when the observed tail was
 *     cut (NaN: not cut)
 * @param burstReserve the reserve rate when the burst reserve raised it ({@link BurstReserve}), req/s, planned as load
 *     or carried by a replica floor ({@link ReserveSizing}); NaN otherwise
 * @param capsUpTo the largest batch cap planned where {@link KvOverAdmission} dropped larger ones; 0 otherwise
 * @param warmingUp the history is too short for the burst reserve to stand for the bursts to come
 *     ({@link BurstReserve#warm}): the stability step keeps the fleet it found until it is not
 */
public record Adjustment(
    CostPolicy policy,
    Load load,
    double ttftFactor,
    double itlFactor,
    double tailFactor,
    BurnRates burn,
    Demand demand,
    Forecast forecast,
    boolean forecastUsed,
    boolean stepUp,
    Disagreement disagreement,
    FeedbackState state,
    double irreducibleShare,
    double reachablePromptTokens,
    double plannedPromptTokens,
    double burstReserve,
    int capsUpTo,
    boolean warmingUp) {

  /** Not warming up. */
  public Adjustment(CostPolicy policy, Load load, double ttftFactor, double itlFactor, double tailFactor,
      BurnRates burn, Demand demand, Forecast forecast, boolean forecastUsed, boolean stepUp,
      Disagreement disagreement, FeedbackState state, double irreducibleShare, double reachablePromptTokens,
      double plannedPromptTokens, double burstReserve, int capsUpTo) {
    this(policy, load, ttftFactor, itlFactor, tailFactor, burn, demand, forecast, forecastUsed, stepUp, disagreement,
        state, irreducibleShare, reachablePromptTokens, plannedPromptTokens, burstReserve, capsUpTo, false);
  }

  /** Without a restraint on the batch caps. */
  public Adjustment(CostPolicy policy, Load load, double ttftFactor, double itlFactor, double tailFactor,
      BurnRates burn, Demand demand, Forecast forecast, boolean forecastUsed, boolean stepUp,
      Disagreement disagreement, FeedbackState state, double irreducibleShare, double reachablePromptTokens,
      double plannedPromptTokens, double burstReserve) {
    this(policy, load, ttftFactor, itlFactor, tailFactor, burn, demand, forecast, forecastUsed, stepUp, disagreement,
        state, irreducibleShare, reachablePromptTokens, plannedPromptTokens, burstReserve, 0);
  }

  /** Without a burst reserve. */
  public Adjustment(CostPolicy policy, Load load, double ttftFactor, double itlFactor, double tailFactor,
      BurnRates burn, Demand demand, Forecast forecast, boolean forecastUsed, boolean stepUp,
      Disagreement disagreement, FeedbackState state, double irreducibleShare, double reachablePromptTokens,
      double plannedPromptTokens) {
    this(policy, load, ttftFactor, itlFactor, tailFactor, burn, demand, forecast, forecastUsed, stepUp, disagreement,
        state, irreducibleShare, reachablePromptTokens, plannedPromptTokens, Double.NaN);
  }

  /** Without an irreducible share. */
  public Adjustment(CostPolicy policy, Load load, double ttftFactor, double itlFactor, double tailFactor,
      BurnRates burn, Demand demand, Forecast forecast, boolean forecastUsed, boolean stepUp,
      Disagreement disagreement, FeedbackState state) {
    this(policy, load, ttftFactor, itlFactor, tailFactor, burn, demand, forecast, forecastUsed, stepUp, disagreement,
        state, 0.0, Double.NaN, Double.NaN);
  }

  /**
   * The SLO as written is unreachable: the irreducible misses alone exceed the share the policy's
   * attainment target allows.
   */
  public boolean sloUnreachable() {
    return irreducibleShare > 1.0 - policy.objective().attainmentTarget();
  }

  /**
   * Priority SLO's answer when no plan meets the objectives, as the burn rates set it
   * ({@link BurnRates#overloadAnswer}).
   */
  public OverloadAnswer overloadAnswer() {
    return burn.overloadAnswer();
  }

  /** One sentence on a batch-cap restraint ({@link KvOverAdmission}), for status and events; empty when none. */
  public String batchNote() {
    return capsUpTo > 0 ? "caps above " + capsUpTo + " not planned: more requests per replica than the KV cache"
        + " holds at the observed lengths, so a larger cap would preempt and recompute" : "";
  }

  /** One sentence on the irreducible share, for status, events and the simulator's report; empty when none. */
  public String unreachableNote() {
    if (!(irreducibleShare > 0)) {
      return "";
    }
    return String.format(java.util.Locale.ROOT,
        "SLO unreachable for %.1f%% of requests: prompts over %.0f tokens take longer than the %s TTFT objective"
            + " to prefill on an idle replica; no fleet size serves them, so they are left out of the error budget"
            + " and not planned for", 100 * irreducibleShare, reachablePromptTokens,
        io.costslo.core.units.Durations.format(policy.objective().ttft()));
  }

  /** One line for status and logs. */
  public String summary() {
    StringBuilder s = new StringBuilder(String.format(
        "correction TTFT x%.2f ITL x%.2f tail x%.2f capacity x%.2f; headroom %.2f (burn 5m %s, 1h %s); demand %.2f req/s (completions %.2f, backlog %.2f)",
        ttftFactor, itlFactor, tailFactor, state.correction().capacityFactor(), burn.headroom(), fmt(burn.shortWindow()), fmt(burn.longWindow()),
        demand.total().value(), demand.completions().value(), demand.backlogDrain().value()));
    if (forecastUsed) {
      s.append(String.format("; forecast %.2f req/s used", load.rate().value()));
    } else if (forecast.peak().isPresent() && !forecast.trusted()) {
      s.append(String.format("; forecast not trusted (recent error %.0f%%), reactive", forecast.recentError() * 100));
    }
    if (burstReserve > 0) {
      s.append(String.format(java.util.Locale.ROOT,
          "; burst reserve %.2f req/s (the largest rise within a cold start over the last hour)", burstReserve));
    }
    if (irreducibleShare > 0) {
      s.append(String.format(java.util.Locale.ROOT,
          "; irreducible %.1f%% (prompts over %.0f tokens), prompt tail planned at %.0f tokens",
          100 * irreducibleShare, reachablePromptTokens, plannedPromptTokens));
    }
    if (capsUpTo > 0) {
      s.append("; ").append(batchNote());
    }
    if (warmingUp) {
      s.append("; warming up: the history spans fewer than ").append(BurstReserve.WARM_UP_COLD_STARTS)
          .append(" cold starts, so the fleet found running is not cut yet");
    }
    if (stepUp) {
      s.append("; observed miss at a plan predicted to meet: at least one replica more");
    }
    return s.toString();
  }

  private static String fmt(double burn) {
    return Double.isNaN(burn) ? "n/a" : String.format("%.2f", burn);
  }
}
