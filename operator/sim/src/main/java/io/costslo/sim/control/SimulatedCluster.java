package io.costslo.sim.control;

import io.costslo.core.cycle.Actuation;
import io.costslo.core.cycle.ClusterView;
import io.costslo.core.cycle.PlanRealizer;
import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy.LatencyObjective;
import io.costslo.core.units.RequestsPerSecond;
import io.costslo.sim.engine.SimContext;
import io.costslo.sim.engine.WindowStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One simulated deployment as {@link io.costslo.core.cycle.PolicyCycle}'s ports, with the semantics
 * of {@link CostSloController}'s: the cluster view is the desired plan and {@link SpotWatch}'s
 * evidence; metrics are vLLM's figures over the query window with per-pod calibration points, the
 * first scrape only a baseline (rates are counter deltas); the realizer changes the simulated
 * Deployments, and a plan equal to the desired one changes nothing. Call {@link #view} at the start
 * of a control step and {@link #applied} after the cycle. With histograms at the objectives it also
 * reports what they and the length histograms give: the window's attainment and p99 lengths.
 */
public final class SimulatedCluster implements MetricsSource, PlanRealizer {
  private final Duration scrapeInterval;
  private final SpotWatch spot = new SpotWatch(CostSloController.PENDING_TIMEOUT);
  private final CalibrationWindow calibration = new CalibrationWindow();
  private final LengthWindow lengths = new LengthWindow();
  private final Optional<LatencyObjective> histogramsAt;
  private SimContext context;
  private boolean scrapedBefore;
  private List<Actuation> last = List.of();

  /** @param scrapeInterval the control interval: each per-pod calibration point spans one */
  public SimulatedCluster(Duration scrapeInterval) {
    this(scrapeInterval, Optional.empty());
  }

  /**
   * @param histogramsAt the objectives the TTFT and inter-token histograms have buckets at, where the
   *     metrics report the measured attainment and p99 lengths; empty: only percentiles and mean lengths
   */
  public SimulatedCluster(Duration scrapeInterval, Optional<LatencyObjective> histogramsAt) {
    this.scrapeInterval = scrapeInterval;
    this.histogramsAt = histogramsAt;
  }

  /** What the cluster holds at the start of this control step. */
  public ClusterView view(SimContext ctx) {
    this.context = ctx;
    return new ClusterView(ctx.desired(), spot.observe(ctx));
  }

  /** After the cycle: the spot count asked for is not taken for a loss at the next step. */
  public void applied(SimContext ctx) {
    spot.applied(ctx);
  }

  @Override
  public Observation observe(MetricsQuery query) throws MetricsUnavailableException {
    WindowStats w = context.window(query.window(), query.percentile());
    List<Observation.CalibrationSample> samples = calibration.samples(context, scrapeInterval,
        context.window(scrapeInterval, query.percentile()));
    if (!scrapedBefore) {
      scrapedBefore = true;
      throw new MetricsUnavailableException("NoData", "first scrape: no previous one to take rates from");
    }
    if (w.readyPodsNow() == 0) {
      throw new MetricsUnavailableException("NoReadyPods", "no ready pod to read metrics from");
    }
    double rate = w.completionsPerSecond();
    // Mean lengths as the operator derives them: token rates over the completion rate; the p99 from
    // the length histograms of the requests finished in the window.
    double[] p99 = histogramsAt.isPresent() ? lengths.p99(context, w.windowSeconds())
        : new double[] {Double.NaN, Double.NaN};
    Load load = new Load(RequestsPerSecond.of(rate),
        lengths(rate > 0 ? w.promptTokensPerSecond() / rate : 0, p99[0]),
        lengths(rate > 0 ? w.generationTokensPerSecond() / rate : 0, p99[1]));
    Observation o = new Observation(context.now(), Duration.ofNanos(Math.round(w.windowSeconds() * 1e9)), load,
        seconds(w.ttftSeconds()), seconds(w.itlSeconds()), query.percentile(), w.meanRunning(), w.meanWaiting(),
        w.meanKvUsage(), w.readyPodsNow(), samples);
    return histogramsAt.isPresent()
        ? o.withExtras(Optional.empty(), attainment(query.window(), histogramsAt.get()), Optional.empty()) : o;
  }

  /**
   * The window's attainment as histogram buckets at the objectives give it (vLLM's TTFT and
   * inter-token histograms): the smaller of the share of first tokens within the TTFT objective and
   * of token gaps within the ITL objective, since each is judged on its own.
   */
  private Optional<Double> attainment(Duration window, LatencyObjective objective) {
    double[] within = context.withinObjectives(window, objective.ttft(), objective.itl());
    double a = Math.min(Double.isNaN(within[0]) ? 1.0 : within[0], Double.isNaN(within[1]) ? 1.0 : within[1]);
    return Double.isNaN(within[0]) && Double.isNaN(within[1]) ? Optional.empty() : Optional.of(a);
  }

  private static TokenLengths lengths(double mean, double p99) {
    return Double.isFinite(p99) ? new TokenLengths(mean, Math.max(mean, p99)) : TokenLengths.ofMean(mean);
  }

  @Override
  public void realize(String policyKey, Plan plan) {
    Plan before = context.desired();
    last = changes(before, plan);
    if (!plan.equals(before)) {
      context.apply(plan);
    }
  }

  /** What applying {@code plan} over {@code before} changes, as the Kubernetes realizer reports it. */
  static List<Actuation> changes(Plan before, Plan plan) {
    List<Actuation> changes = new ArrayList<>();
    if (plan.batchCap() != before.batchCap()) {
      changes.add(new Actuation("BatchCapChanged", "batch cap " + before.batchCap() + " -> " + plan.batchCap(),
          Actuation.Kind.BATCH));
    }
    if (!plan.prefillChunk().equals(before.prefillChunk())) {
      changes.add(new Actuation("PrefillChunkChanged", "prefill chunk " + before.batchText() + " -> " + plan.batchText(),
          Actuation.Kind.BATCH));
    }
    if (plan.onDemandReplicas() != before.onDemandReplicas() || plan.spotReplicas() != before.spotReplicas()) {
      changes.add(new Actuation("ReplicasChanged", before + " -> " + plan, Actuation.Kind.REPLICAS));
    }
    return List.copyOf(changes);
  }

  @Override
  public List<Actuation> lastChanges() {
    return last;
  }

  private static Optional<Duration> seconds(double s) {
    return Double.isFinite(s) ? Optional.of(Duration.ofNanos(Math.round(s * 1e9))) : Optional.empty();
  }
}
