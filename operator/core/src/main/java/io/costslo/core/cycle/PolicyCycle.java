package io.costslo.core.cycle;

import io.costslo.core.calibration.ProfileCalibration;
import io.costslo.core.cost.CostModel;
import io.costslo.core.cost.PriceSource;
import io.costslo.core.decision.Decision;
import io.costslo.core.decision.DecisionStore;
import io.costslo.core.decision.StabilityState;
import io.costslo.core.feedback.Adjustment;
import io.costslo.core.feedback.ClosedLoop;
import io.costslo.core.feedback.ClosedLoopAdjustment;
import io.costslo.core.feedback.FeedbackState;
import io.costslo.core.feedback.FeedbackStore;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.units.TokensPerSecond;
import java.util.List;
import java.util.Optional;

/**
 * The whole per-policy loop, from "what the cluster holds and what the metrics say" to "the plan, the
 * decision and the report". The Kubernetes reconciler and the simulator's costslo controller both run
 * this class through the same ports; nothing else decides.
 *
 * <ol>
 *   <li>calibrate: the profile is refitted from the points of earlier cycles (state store);
 *   <li>spot: the cluster view's evidence and the remembered disruption decide whether spot is usable;
 *       while it is not, the policy is planned with spot disabled and the running spot share counts as
 *       on-demand, so the whole share moves in this cycle;
 *   <li>decide: {@link ScalingCycle} (collect, optimize on the frontier, stability guard), with the
 *       closed loop ({@link ClosedLoop}: observed latency corrects the model, attainment as an error
 *       budget, demand and backlog, a forecast over the cold start) planning inside it;
 *   <li>realize: under ENFORCE the realizer is called every cycle (it is idempotent), so a plan an
 *       earlier cycle left halfway is finished and a lost spot share is moved even when the decision
 *       holds;
 *   <li>report: budget use ({@link BudgetUse}, expected cost), observed SLO, calibration after this
 *       cycle's points, state saved, events told.
 * </ol>
 */
public final class PolicyCycle {
  private final MetricsSource metrics;
  private final PriceSource prices;
  private final PlanRealizer realizer;
  private final PolicyStateStore store;
  private final CycleEvents events;

  public PolicyCycle(MetricsSource metrics, PriceSource prices, PlanRealizer realizer, PolicyStateStore store,
      CycleEvents events) {
    this.metrics = metrics;
    this.prices = prices;
    this.realizer = realizer;
    this.store = store;
    this.events = events;
  }

  public CycleReport run(CycleInput in, ClusterView view) {
    String key = in.policyKey();
    PolicyState state = store.load(key);

    ReplicaProfile prior = in.policy().capacity().profile();
    String priorKey = ProfileCalibration.priorKey(prior);
    List<Observation.CalibrationSample> points = priorKey.equals(state.calibrationPrior())
        ? state.calibrationPoints() : List.of();
    CostPolicy policy = in.policy().withProfile(ProfileCalibration.profile(prior, points));

    Plan running = view.running();
    boolean spotWanted = policy.spot().enabled();
    Optional<SpotAvailability> spot = spotWanted || running.spotReplicas() > 0
        ? Optional.of(SpotAvailability.evaluate(view.spot(), state.lastSpotDisruption(), in.spotHealthyPeriod(),
            in.now()))
        : Optional.empty();
    boolean spotUsable = spotWanted && spot.map(SpotAvailability::healthy).orElse(true);
    if (!spotUsable) {
      policy = policy.withoutSpot();
    }
    Plan current = spotUsable ? running
        : running.withReplicas(running.onDemandReplicas() + running.spotReplicas(), 0);

    Optional<Observation> observation;
    Optional<MetricsUnavailableException> failure;
    try {
      observation = Optional.of(metrics.observe(in.query()));
      failure = Optional.empty();
    } catch (MetricsUnavailableException e) {
      observation = Optional.empty();
      failure = Optional.of(e);
    }
    StateAdapter decisionState = new StateAdapter(state.stability());
    FeedbackAdapter feedback = new FeedbackAdapter(state.feedback());
    ClosedLoop loop = new ClosedLoop(new ClosedLoopAdjustment(
        ClosedLoopAdjustment.Options.defaults().withColdStart(in.coldStart())), feedback);
    Optional<Observation> seen = observation;
    Optional<MetricsUnavailableException> failed = failure;
    ScalingCycle decide = new ScalingCycle(q -> seen.orElseThrow(failed::get), prices, (k, p) -> { },
        decisionState, (k, d) -> { }, Optional.of(loop));
    Decision decision = decide.run(key, policy, in.query(), current, in.now());

    List<Actuation> actuations = List.of();
    if (in.mode() == Mode.ENFORCE) {
      realizer.realize(key, decision.plan());
      actuations = realizer.lastChanges();
    }
    Plan after = in.mode() == Mode.ENFORCE ? decision.plan() : running;

    CostPolicy decided = policy;
    Optional<CostModel> costs = ScalingCycle.resolvePrice(decided, prices).map(p -> ScalingCycle.costModel(decided, p));
    Optional<BudgetUse> budget = costs.map(c -> BudgetUse.of(decided, c, after,
        seen.map(o -> o.load().outputTokenRate()).orElse(TokensPerSecond.of(0))));
    List<Observation.CalibrationSample> nextPoints = ProfileCalibration.append(points,
        observation.map(Observation::samples).orElse(List.of()));
    ProfileCalibration.Report calibration = ProfileCalibration.report(prior, nextPoints, in.now());

    PolicyState next = new PolicyState(decisionState.saved, priorKey, nextPoints,
        spot.flatMap(SpotAvailability::lastDisruption).or(state::lastSpotDisruption),
        spot.map(SpotAvailability::healthy).orElse(true), state.history(), feedback.saved)
        .withDecision(new PolicyState.DecisionRecord(in.now(), decision.plan(), decision.reason().name()));
    store.save(key, next);

    CycleReport report = new CycleReport(key, in.now(), in.mode(), decided, running, after, decision, actuations,
        observation, failure, costs, budget, SloCheck.of(decided, observation), spotWanted, spot,
        state.spotHealthy(), calibration, Optional.ofNullable(feedback.adjustment));
    events.report(report);
    return report;
  }

  /** The closed loop's view of the policy state: its memory in, this cycle's adjustment out. */
  private static final class FeedbackAdapter implements FeedbackStore {
    private FeedbackState saved;
    private Adjustment adjustment;

    FeedbackAdapter(FeedbackState loaded) {
      this.saved = loaded;
    }

    @Override
    public FeedbackState load(String policyKey) {
      return saved;
    }

    @Override
    public void save(String policyKey, Adjustment a) {
      adjustment = a;
      saved = a.state();
    }
  }

  /** The decision step's view of the policy state: stability in, stability out. */
  private static final class StateAdapter implements DecisionStore {
    private final StabilityState loaded;
    private StabilityState saved;

    StateAdapter(StabilityState loaded) {
      this.loaded = loaded;
      this.saved = loaded;
    }

    @Override
    public Optional<Decision> lastDecision(String policyKey) {
      return Optional.empty();
    }

    @Override
    public StabilityState stability(String policyKey) {
      return loaded;
    }

    @Override
    public void save(String policyKey, Decision decision, StabilityState state) {
      saved = state;
    }
  }
}
