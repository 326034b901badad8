package io.costslo.core.feedback;

import io.costslo.core.units.Durations;
import io.costslo.core.cost.CostModel;
import io.costslo.core.forecast.Forecast;
import io.costslo.core.forecast.ForecastState;
import io.costslo.core.forecast.LoadForecaster;
import io.costslo.core.load.Load;
import io.costslo.core.metrics.Observation;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.LatencyPrediction;
import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.CostPolicy.LatencyObjective;
import io.costslo.core.policy.CostPolicy.ReplicaBounds;
import io.costslo.core.policy.Priority;
import io.costslo.core.units.RequestsPerSecond;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Closes the loop for one cycle: from what was observed at the plan that ran, the policy and load
 * the optimizer should plan with.
 *
 * <ol>
 *   <li>Demand: arrivals (or completions plus queue growth) plus the backlog drained within the
 *       TTFT objective, or within the cold start when that is longer: capacity ordered now serves
 *       only after it, and sizing a 1 s drain for it would buy the fleet's maximum on every
 *       queue ({@link DemandEstimator}).
 *   <li>Forecast: the offered rate feeds a Holt-Winters forecaster; its peak over the cold-start
 *       horizon replaces the demand when it is higher and the forecast is trusted. It never lowers
 *       the rate, so scale-down stays reactive (and the stability window still applies). Then the
 *       burst reserve: the largest rise seen within one cold start over the last hour is kept unless
 *       the budget left absorbs it ({@link BurstReserve}); where the objectives are out of reach at
 *       that rate, it is kept as a replica floor that carries it, not as load ({@link ReserveSizing}).
 *   <li>Correction: observed / predicted at the plan that ran, per figure ({@link LatencyCorrector}),
 *       learnt only from settled windows (every replica ready, next to nothing waiting): a queue or a
 *       cold start makes latency a transient's, not the model's error.
 *   <li>Error budget: the burn over 5 min and 1 h gives a headroom factor ({@link ErrorBudget}).
 *   <li>Objectives to plan with: objective x headroom / factor, per figure (a factor below 1 only
 *       after {@code LOOSEN_AFTER} settled windows). Multiplying a
 *       prediction by the factor and comparing it with the objective is the same test as comparing
 *       the raw prediction with objective / factor, so the optimizer's search and its exactness are
 *       unchanged.
 *   <li>Capacity: a window at capacity (every replica ready, a queue not draining) shows the real
 *       throughput of a replica; the load is planned over it ({@link LatencyCorrector#learnCapacity}).
 *   <li>Step up: with every replica ready, an observed miss where the corrected model says the plan that ran meets the
 *       objectives is evidence the model cannot yet see, so the replica floor is raised to one more
 *       than ran (within replicas.max; with priority BUDGET only if that stays within budget). When the
 *       miss is ITL's and a smaller allowed chunk is predicted to meet at the replicas that ran, the
 *       chunk goes down instead ({@link ChunkDown}). Neither happens on a window that still holds the
 *       previous batch setting's traffic.
 * </ol>
 * The replica bounds only ever narrow (a floor within [min, max]) and the budget rules are the
 * optimizer's, so no adjustment moves a plan outside the bounds or, with priority BUDGET, the budget.
 */
public final class ClosedLoopAdjustment {

  /**
   * @param correction latency correction options
   * @param budget error budget options
   * @param forecast forecaster options
   * @param coldStart how long a new replica takes to serve: the forecast horizon
   */
  public record Options(LatencyCorrector.Options correction, ErrorBudget.Options budget,
      LoadForecaster.Options forecast, Duration coldStart) {
    public Options {
      if (correction == null || budget == null || forecast == null || coldStart == null || coldStart.isNegative()) {
        throw new IllegalArgumentException("closed loop options need correction, budget, forecast and a cold start >= 0");
      }
    }

    /** The defaults of each part and a 3-minute cold start. */
    public static Options defaults() {
      return new Options(LatencyCorrector.Options.defaults(), ErrorBudget.Options.defaults(),
          LoadForecaster.Options.daily(), Duration.ofMinutes(3));
    }

    public Options withColdStart(Duration d) {
      return new Options(correction, budget, forecast, d);
    }
  }

  private final Options options;
  private final LatencyCorrector corrector;
  private final ErrorBudget errorBudget;
  private final LoadForecaster forecaster;

  public ClosedLoopAdjustment(Options options) {
    this.options = options;
    this.corrector = new LatencyCorrector(options.correction());
    this.errorBudget = new ErrorBudget(options.budget());
    this.forecaster = new LoadForecaster(options.forecast());
  }

  public Options options() {
    return options;
  }

  /**
   * One cycle's adjustment.
   *
   * @param policy the user's policy
   * @param observed the window observed at {@code current}
   * @param current the plan that ran during the window
   * @param atCurrent the model's uncorrected prediction for {@code current} at {@link #modelLoad}
   * @param costs the cost model (for the budget check of a step up)
   * @param state what the loop remembered from the last cycle
   * @param now the cycle's clock
   */
  public Adjustment adjust(CostPolicy policy, Observation observed, Plan current, LatencyPrediction atCurrent,
      CostModel costs, FeedbackState state, Instant now) {
    return adjust(policy, observed, current, atCurrent, costs, state, now, Optional.empty());
  }

  /**
   * As above, knowing when the batch settings last changed: a window that began before the new
   * setting's pods can all serve (the change plus a cold start) shows the old setting's latency, so it
   * teaches nothing about the plan that runs and does not step up (step 7).
   */
  public Adjustment adjust(CostPolicy policy, Observation observed, Plan current, LatencyPrediction atCurrent,
      CostModel costs, FeedbackState state, Instant now, Optional<Instant> batchChangedAt) {
    LatencyObjective objective = policy.objective();
    Instant windowStart = now.minus(observed.window());
    boolean mixedSetting = batchChangedAt.map(t -> windowStart.isBefore(t.plus(options.coldStart()))).orElse(false);

    // Capacity ordered now serves only after a cold start, so a backlog cannot drain sooner than that.
    Duration drain = options.coldStart().compareTo(objective.ttft()) > 0 ? options.coldStart() : objective.ttft();
    DemandEstimator.Estimate estimate = DemandEstimator.estimate(observed, state.queue(), drain, now);
    Demand demand = estimate.demand();
    double offered = demand.total().value() - demand.backlogDrain().value();
    ForecastState forecastState = forecaster.observe(state.forecast(), now, RequestsPerSecond.of(offered));
    Forecast forecast = forecaster.forecast(forecastState, now, options.coldStart());
    double rate = demand.total().value();
    boolean forecastUsed = false;
    if (forecast.trusted() && forecast.peak().isPresent()) {
      double ahead = forecast.peak().get().value() + demand.backlogDrain().value();
      if (ahead > rate) {
        rate = ahead;
        forecastUsed = true;
      }
    }
    double reactive = rate;

    // Only a settled fleet says anything about the model: with a queue or replicas still starting,
    // the window's latency is the transient's, which demand sizing already answers.
    boolean ready = observed.readyPods() >= current.totalReplicas();
    boolean settled = ready && quiet(observed) && quiet(state.queue()) && !mixedSetting;
    CorrectionState correction = settled ? corrector.learn(state.correction(), observed, atCurrent)
        : state.correction();
    // Where attainment is measured, the model's miss share is corrected instead of its percentiles.
    Optional<Double> observedShare = observed.attainment().map(a -> 1.0 - a);
    // Split off what no fleet size serves (IrreducibleShare): the tail correction, the budget and the
    // step-up below see only the reducible misses, and the model plans the reducible prompts' tail.
    IrreducibleSplit irr = observedShare.isPresent()
        ? irreducible(policy, observed, current, atCurrent, state, settled, observedShare.get(), objective)
        : IrreducibleSplit.NONE;
    correction = correction.withIrreducible(irr.factor(), irr.windows());
    rate = BurstReserve.sizedRate(rate, state.budget(), options.budget().bucket(), now, options.coldStart(),
        objective.ttft(), objective.attainmentTarget(), irr.observed());
    // Until a lightly loaded window has confirmed the irreducible share, the split of a miss into
    // irreducible and reducible is the prior's guess: nothing is learnt from it and no replica added.
    boolean splitKnown = !(irr.observed() > 0) || irr.windows() > 0;
    Load ran = irr.clip(modelLoad(observed, state));
    double modelShare = observedShare.isPresent()
        ? TailCorrection.modelMissShare(policy.capacity().profile(), ran, current.totalReplicas(),
            current.batchCap(), current.prefillChunk(), objective, irr.unmodelled())
        : Double.NaN;
    double reducibleObserved = observedShare.map(m -> Math.max(0.0, m - irr.observed())).orElse(Double.NaN);
    double reducibleModel = modelShare;
    if (settled && observedShare.isPresent() && splitKnown) {
      // Both shares are of all the window's requests, so their misses are requests x share.
      double requests = observed.load().rate().value() * Durations.seconds(observed.window());
      correction = correction.withTailLearnt(TailCorrection.learn(correction.tailFactor(),
          TailCorrection.ratio(reducibleObserved, reducibleModel), options.correction().smoothing(),
          requests * Math.max(reducibleObserved, reducibleModel)));
    }
    boolean atCapacity = ready && !quiet(observed) && demand.queueGrowth() >= 0 && state.queue().seenAt().isPresent();
    correction = corrector.learnCapacity(correction, observed, LatencyModel.maxRequestRatePerReplica(
        policy.capacity().profile(), observed.load(), current.batchCap(), current.prefillChunk()).value(), atCapacity,
        state.queue().seenAt().filter(now::isAfter).map(t -> Duration.between(t, now)).orElse(Duration.ZERO));
    Disagreement disagreement = corrector.disagreement(observed, atCurrent);
    ErrorBudgetState budgetState = errorBudget.update(state.budget(), observed, objective, now, irr.observed());
    BurnRates burn = errorBudget.burn(budgetState, objective.attainmentTarget(), now, irr.observed());

    Load load = planned(observed.load(), rate, correction, irr);
    Load reactiveLoad = planned(observed.load(), reactive, correction, irr);
    double ttftFactor;
    double itlFactor;
    double tailFactor = 1.0;
    LatencyObjective planned;
    boolean missed;
    if (observedShare.isPresent()) {
      // Measured: plan at the percentile whose corrected miss share is the allowed one x headroom;
      // the objectives themselves stay as written (see TailCorrection for why not their percentiles).
      double allowed = irr.observed() > 0
          ? IrreducibleShare.reducibleAllowance(1.0 - objective.percentile(), irr.observed())
          : 1.0 - objective.percentile();
      ttftFactor = 1.0;
      itlFactor = 1.0;
      tailFactor = TailCorrection.applied(correction.tailFactor(), correction.tailSamples() >= LOOSEN_AFTER,
          reducibleObserved, reducibleModel, allowed);
      if (irr.observed() > 0) {
        tailFactor = Math.max(tailFactor, IrreducibleShare.MIN_SPLIT_RATIO);
      }
      planned = new LatencyObjective(
          TailCorrection.plannedPercentile(allowed, burn.headroom(), tailFactor),
          objective.ttft(), objective.itl(), objective.attainmentTarget());
      // A miss is a window whose measured share is above the allowed one while the budget burns: a
      // window's percentile above the objective is not by itself a miss of the budget.
      missed = splitKnown && reducibleObserved > allowed && burn.shortWindow() > 1.0;
    } else {
      ttftFactor = consistent(applied(correction.ttftFactor(), correction.samples()), observed.ttft(),
          objective.ttft(), atCurrent.ttftMillis(), atCurrent.saturated());
      itlFactor = consistent(applied(correction.itlFactor(), correction.samples()), observed.itl(),
          objective.itl(), atCurrent.itlMillis(), atCurrent.saturated());
      planned = new LatencyObjective(objective.percentile(),
          scale(objective.ttft(), burn.headroom() / ttftFactor), scale(objective.itl(), burn.headroom() / itlFactor),
          objective.attainmentTarget());
      missed = observedMiss(observed, objective);
    }
    CostPolicy planning = policy.withObjective(planned);
    // The reserve as capacity only where no plan meets the objectives at its rate (ReserveSizing).
    ReserveSizing.Sized sized = ReserveSizing.size(planning, load, reactiveLoad);
    load = sized.load();

    boolean stepUp = false;
    int floor = current.totalReplicas() + 1;
    LatencyPrediction atPlanned = planned.percentile() == objective.percentile() && !irr.clips() ? atCurrent
        : LatencyModel.predict(policy.capacity().profile(), ran, current.totalReplicas(),
            current.batchCap(), current.prefillChunk(), planned.percentile());
    Optional<CostPolicy.BatchOptions> smallerChunks = ready && missed && !mixedSetting
        ? ChunkDown.smallerChunks(policy, observed, current, ran, planned, batchChangedAt, now)
        : Optional.empty();
    if (smallerChunks.isPresent()) {
      // An ITL miss a smaller chunk fixes at the replicas that ran: plan among the smaller chunks only,
      // which is cheaper than the replica a step up adds (TTFT is still checked by the optimizer).
      planning = planning.withBatch(smallerChunks.get());
    } else if (ready && missed && !mixedSetting && predictedToMeet(policy, current, atPlanned, planned)
        && floor <= policy.replicas().max() && floor > policy.replicas().min() && affordable(policy, costs, floor, load)) {
      planning = planning.withReplicas(new ReplicaBounds(floor, policy.replicas().max()));
      stepUp = true;
    }
    // A cap far above the KV fit while requests outnumber the fit over-admits and recomputes: off it now.
    Optional<CostPolicy.BatchOptions> restrained = mixedSetting ? Optional.empty()
        : KvOverAdmission.restrained(policy, planning.batch(), observed, current, batchChangedAt, now);
    if (restrained.isPresent()) {
      planning = planning.withBatch(restrained.get());
    }
    if (!ready && smallerChunks.isEmpty() && restrained.isEmpty()) {
      // Replicas are still starting: a batch change now would start them over with the new settings,
      // so the fleet scales at the settings it runs until they are all ready.
      Optional<CostPolicy.BatchOptions> running = planning.batch().only(current.batchCap(), current.prefillChunk());
      if (running.isPresent()) {
        planning = planning.withBatch(running.get());
      }
    }
    if (sized.floor() > planning.replicas().min() && affordable(policy, costs, sized.floor(), load)) {
      planning = planning.withReplicas(new ReplicaBounds(sized.floor(), policy.replicas().max()));
    }
    // The hold is for the long window's bursts, so it is judged at its busiest minute (BurnHold).
    Load burstLoad = planned(observed.load(),
        Math.max(reactive, BurnHold.peakRate(budgetState, options.budget().bucket())), correction, irr);
    planning = BurnHold.apply(planning, burn, current, costs, burstLoad, options.budget().longWindow());
    FeedbackState next = new FeedbackState(correction, budgetState, estimate.queue(), forecastState);
    return new Adjustment(planning, load, ttftFactor, itlFactor, tailFactor, burn, demand, forecast,
        forecastUsed, stepUp, disagreement, next, irr.observed(), irr.reachablePromptTokens(), irr.plannedPromptTokens(),
        rate > reactive ? rate : Double.NaN,
        restrained.map(b -> b.allowedCaps().get(b.allowedCaps().size() - 1)).orElse(0),
        !BurstReserve.warm(state.budget(), options.budget().bucket(), now, options.coldStart()));
  }

  /**
   * The observed load at {@code rate} as the plan sizes it: a replica that really carries c times the
   * model's throughput is planned as if the load were 1/c, and the prompt tail is cut as {@code irr} says.
   */
  private static Load planned(Load observed, double rate, CorrectionState correction, IrreducibleSplit irr) {
    return irr.clip(observed.withRate(RequestsPerSecond.of(rate / correction.capacityFactor())));
  }

  private IrreducibleSplit irreducible(CostPolicy policy, Observation observed, Plan current, LatencyPrediction atCurrent,
      FeedbackState state, boolean settled, double observedShare, LatencyObjective objective) {
    double factor = state.correction().irreducibleFactor();
    int windows = state.correction().irreducibleSamples();
    double out = observed.load().output().mean();
    double reachable = IrreducibleShare.reachablePromptTokens(policy.capacity().profile(), out, current.batchCap(),
        current.prefillChunk(), objective.ttft());
    if (!(observed.load().input().p99() > reachable)) {
      // Every prompt up to the p99 can be served; the few beyond the reachable length cannot, unseen by the model.
      return new IrreducibleSplit(0.0, factor, windows, Double.NaN, Double.NaN,
          IrreducibleShare.prior(observed.load().input(), reachable));
    }
    double prior = IrreducibleShare.prior(observed.load().input(), reachable);
    if (prior < IrreducibleShare.MIN_BUDGETS * (1.0 - objective.attainmentTarget())) {
      // Too few such prompts to matter: the loop plans and spends as without them.
      return new IrreducibleSplit(0.0, factor, windows, Double.NaN, Double.NaN, 0.0);
    }
    // A lightly loaded, settled window: what still misses there is (nearly) all irreducible.
    if (settled && !atCurrent.saturated() && atCurrent.utilisation() <= IrreducibleShare.LOW_UTILISATION) {
      factor = IrreducibleShare.learn(factor, windows, observedShare, prior, options.correction().smoothing());
      windows = Math.min(windows + 1, 1_000_000);
    }
    double share = Math.min(TailCorrection.MAX_SHARE, factor * prior);
    double planned = IrreducibleShare.reachablePromptTokens(policy.capacity().profile(), out, current.batchCap(),
        current.prefillChunk(), objective.ttft().dividedBy(2));
    return new IrreducibleSplit(share, factor, windows, reachable, planned, 0.0);
  }

  /**
   * The factor planned with: a tightening one at once, a loosening one only after
   * {@link #LOOSEN_AFTER} settled windows agree, since shedding on one window's word walks the
   * fleet toward the capacity cliff where the model is least reliable.
   */
  static double applied(double factor, int samples) {
    return factor >= 1.0 || samples >= LOOSEN_AFTER ? factor : 1.0;
  }

  /**
   * A correction may not contradict what was just measured: while the plan that ran met the objective,
   * the corrected model must say it meets it too, so a factor learnt where capacity is not the cause
   * (a long prompt's prefill stalls every decode at any fleet size) cannot buy replicas the observed
   * figure does not need. A miss (or no measurement) leaves the factor as learnt; the error budget's
   * headroom still tightens the objective on its own.
   */
  static double consistent(double factor, Optional<Duration> observed, Duration objective, double predictedMillis,
      boolean saturated) {
    if (saturated || !(predictedMillis > 0) || observed.isEmpty() || observed.get().compareTo(objective) > 0) {
      return factor;
    }
    double meetsAtCurrent = Durations.seconds(objective) * 1000.0 / predictedMillis;
    return Math.min(factor, Math.max(1.0, meetsAtCurrent));
  }

  /** Settled windows needed before a correction below 1 is planned with (3 minutes at 30 s cycles). */
  static final int LOOSEN_AFTER = 6;

  /** (Almost) nothing waiting. */
  private static boolean quiet(Observation o) {
    return o.waitingRequests() <= Math.max(1.0, 0.05 * o.runningRequests());
  }

  /** Nothing waiting when the last cycle looked either (the window then holds no queue's tail). */
  private static boolean quiet(QueueState q) {
    return q.waiting() <= 1.0;
  }

  /** The load to predict the plan that ran at: the observed one, scaled by the learnt capacity. */
  public static Load modelLoad(Observation observed, FeedbackState state) {
    Load l = observed.load();
    return l.withRate(RequestsPerSecond.of(l.rate().value() / state.correction().capacityFactor()));
  }

  private static boolean observedMiss(Observation o, LatencyObjective objective) {
    return o.ttft().map(t -> t.compareTo(objective.ttft()) > 0).orElse(false)
        || o.itl().map(t -> t.compareTo(objective.itl()) > 0).orElse(false);
  }

  /** Whether a replica floor may be raised to {@code floor}: always with priority SLO, within the budget's cap with BUDGET. */
  private static boolean affordable(CostPolicy policy, CostModel costs, int floor, Load load) {
    return policy.priority() != Priority.BUDGET
        || costs.expectedValue(floor, 0) <= FrontierOptimizer.budgetCapUsdPerHour(policy, load);
  }

  private static boolean predictedToMeet(CostPolicy policy, Plan current, LatencyPrediction p, LatencyObjective planned) {
    // As the optimizer counts the plan's setting.
    return FrontierOptimizer.sloRatio(policy.capacity().profile(), current.prefillChunk(), planned, p) <= 1.0;
  }

  private static Duration scale(Duration d, double factor) {
    double seconds = Durations.seconds(d) * factor;
    return Duration.ofNanos(Math.max(1L, Math.round(seconds * 1e9)));
  }
}
