package io.costslo.sim.control;

import io.costslo.core.cost.PriceSource;
import io.costslo.core.cycle.Actuation;
import io.costslo.core.cycle.ClusterView;
import io.costslo.core.cycle.CycleEvents;
import io.costslo.core.cycle.CycleInput;
import io.costslo.core.cycle.CycleReport;
import io.costslo.core.cycle.InMemoryPolicyStateStore;
import io.costslo.core.cycle.Mode;
import io.costslo.core.cycle.PlanRealizer;
import io.costslo.core.cycle.PolicyCycle;
import io.costslo.core.decision.Decision;
import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.units.RequestsPerSecond;
import io.costslo.sim.engine.Controller;
import io.costslo.sim.engine.SimContext;
import io.costslo.sim.engine.WindowStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's own loop: the core's {@link PolicyCycle}, the class the Kubernetes reconciler runs,
 * with its ports implemented by the simulated cluster. The cluster view is the Deployments' desired
 * plan and {@link SpotWatch}'s spot evidence; the metrics source reports what vLLM's metrics give over
 * the query window, with per-pod calibration points ({@link CalibrationWindow}); the realizer changes
 * the simulated Deployments (cold starts, rollouts, preemptions apply; the fleet grows the new
 * capacity type before it shrinks the old, as the Kubernetes realizer does); the state store is the
 * core's in-memory one.
 */
public final class CostSloController implements Controller {
  public static final String POLICY_KEY = "default/llm";
  /** The operator's defaults for spec.capacity.spot.pendingTimeout and healthyPeriod. */
  public static final Duration PENDING_TIMEOUT = Duration.ofMinutes(5);
  public static final Duration HEALTHY_PERIOD = Duration.ofMinutes(15);

  private final CostPolicy policy;
  private final Plan initial;
  private final Duration reconcileInterval;
  private final Duration metricsWindow;
  private final List<CycleReport> reports = new ArrayList<>();
  private final SpotWatch spot = new SpotWatch(PENDING_TIMEOUT);
  private final CalibrationWindow calibration = new CalibrationWindow();
  private final LengthWindow lengths = new LengthWindow();
  private final boolean histogramTails;
  private final PolicyCycle cycle;
  private SimContext context;
  private boolean scrapedBefore;

  public CostSloController(CostPolicy policy, PriceSource prices, Plan initial, Duration reconcileInterval,
      Duration metricsWindow) {
    this(policy, prices, initial, reconcileInterval, metricsWindow, true);
  }

  /**
   * @param histogramTails whether the metrics source reports what the histograms at the objectives and
   *     the length histograms give (measured attainment, p99 lengths); false: only percentiles and mean
   *     lengths, as the operator's pod scrape reports today (the demo compares like with like)
   */
  public CostSloController(CostPolicy policy, PriceSource prices, Plan initial, Duration reconcileInterval,
      Duration metricsWindow, boolean histogramTails) {
    this.histogramTails = histogramTails;
    this.policy = policy;
    this.initial = initial;
    this.reconcileInterval = reconcileInterval;
    this.metricsWindow = metricsWindow;
    MetricsSource metrics = this::observe;
    this.cycle = new PolicyCycle(metrics, prices, new FleetRealizer(), new InMemoryPolicyStateStore(), reports::add);
  }

  /** The cycle class this controller runs: the same as the operator's reconciler. */
  public static Class<PolicyCycle> cycleClass() {
    return PolicyCycle.class;
  }

  @Override
  public String name() {
    return "costslo";
  }

  @Override
  public Plan initialPlan() {
    return initial;
  }

  @Override
  public Duration interval() {
    return reconcileInterval;
  }

  @Override
  public void tick(SimContext ctx) {
    this.context = ctx;
    MetricsQuery query = new MetricsQuery("default", "llm", metricsWindow, policy.objective().percentile(), Map.of());
    ClusterView view = new ClusterView(ctx.desired(), spot.observe(ctx));
    cycle.run(new CycleInput(POLICY_KEY, policy, query, Mode.ENFORCE, HEALTHY_PERIOD, ctx.now()), view);
    spot.applied(ctx);
  }

  /**
   * Where the closed loop saw requests no fleet size serves: their mean estimated share over the cycles
   * that saw them and the longest prompt an idle replica serves within the TTFT objective; empty otherwise.
   */
  @Override
  public String setting() {
    List<io.costslo.core.feedback.Adjustment> seen = reports.stream().flatMap(r -> r.feedback().stream())
        .filter(a -> a.irreducibleShare() > 0).toList();
    if (seen.isEmpty()) {
      return "";
    }
    double share = seen.stream().mapToDouble(io.costslo.core.feedback.Adjustment::irreducibleShare).average().orElse(0);
    double reachable = seen.get(seen.size() - 1).reachablePromptTokens();
    return String.format(java.util.Locale.ROOT,
        "SLO unreachable for ~%.1f%% of requests (prompts over %.0f tokens miss the TTFT objective even on an idle"
            + " replica; estimated in %d of %d cycles, not planned for)", 100 * share, reachable, seen.size(),
        reports.size());
  }

  /** Every decision the cycle took, in order. */
  public List<Decision> decisions() {
    return reports.stream().map(CycleReport::decision).toList();
  }

  /** Every cycle's report, in order. */
  public List<CycleReport> reports() {
    return List.copyOf(reports);
  }

  private Observation observe(MetricsQuery query) throws MetricsUnavailableException {
    WindowStats w = context.window(query.window(), query.percentile());
    // Per-pod points span one scrape interval, as the pod scrape's counter deltas do.
    List<Observation.CalibrationSample> samples = calibration.samples(context, reconcileInterval,
        context.window(reconcileInterval, query.percentile()));
    if (!scrapedBefore) {
      // As the operator's pod scrape: rates are counter deltas, so the first round is only a baseline.
      scrapedBefore = true;
      throw new MetricsUnavailableException("NoData", "first scrape: no previous one to take rates from");
    }
    if (w.readyPodsNow() == 0) {
      throw new MetricsUnavailableException("NoReadyPods", "no ready pod to read metrics from");
    }
    double rate = w.completionsPerSecond();
    // Mean lengths as the operator derives them: token rates over the completion rate; the p99 from
    // the length histograms of the requests finished in the window.
    double[] p99 = histogramTails ? lengths.p99(context, w.windowSeconds()) : new double[] {Double.NaN, Double.NaN};
    double meanPrompt = rate > 0 ? w.promptTokensPerSecond() / rate : 0;
    double meanOutput = rate > 0 ? w.generationTokensPerSecond() / rate : 0;
    Load load = new Load(RequestsPerSecond.of(rate), lengths(meanPrompt, p99[0]), lengths(meanOutput, p99[1]));
    Observation o = new Observation(context.now(), Duration.ofNanos(Math.round(w.windowSeconds() * 1e9)), load,
        seconds(w.ttftSeconds()), seconds(w.itlSeconds()), query.percentile(), w.meanRunning(), w.meanWaiting(),
        w.meanKvUsage(), w.readyPodsNow(), samples);
    return histogramTails ? o.withExtras(Optional.empty(), attainment(query.window()), Optional.empty()) : o;
  }

  /**
   * The window's attainment as histogram buckets at the objectives give it (vLLM's TTFT and
   * inter-token histograms): the smaller of the share of first tokens within the TTFT objective and
   * of token gaps within the ITL objective, since each is judged on its own.
   */
  private Optional<Double> attainment(Duration window) {
    double[] within = context.withinObjectives(window, policy.objective().ttft(), policy.objective().itl());
    double a = Math.min(Double.isNaN(within[0]) ? 1.0 : within[0], Double.isNaN(within[1]) ? 1.0 : within[1]);
    return Double.isNaN(within[0]) && Double.isNaN(within[1]) ? Optional.empty() : Optional.of(a);
  }

  /** Applies a plan to the simulated Deployments; a plan equal to the desired one changes nothing. */
  private final class FleetRealizer implements PlanRealizer {
    private List<Actuation> last = List.of();

    @Override
    public void realize(String policyKey, Plan plan) {
      Plan before = context.desired();
      last = SimulatedCluster.changes(before, plan);
      if (!plan.equals(before)) {
        context.apply(plan);
      }
    }

    @Override
    public List<Actuation> lastChanges() {
      return last;
    }
  }

  private static TokenLengths lengths(double mean, double p99) {
    return Double.isFinite(p99) ? new TokenLengths(mean, Math.max(mean, p99)) : TokenLengths.ofMean(mean);
  }

  private static Optional<Duration> seconds(double s) {
    return Double.isFinite(s) ? Optional.of(Duration.ofNanos(Math.round(s * 1e9))) : Optional.empty();
  }
}
