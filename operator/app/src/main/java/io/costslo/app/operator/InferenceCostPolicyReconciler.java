package io.costslo.app.operator;

import io.costslo.api.v1alpha1.Durations;
import io.costslo.api.v1alpha1.FrontierPointStatus;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.InferenceCostPolicySpec;
import io.costslo.api.v1alpha1.InferenceCostPolicyStatus;
import io.costslo.api.v1alpha1.Mode;
import io.costslo.api.v1alpha1.ObservedFigures;
import io.costslo.api.v1alpha1.PlanStatus;
import io.costslo.app.policy.InvalidPolicyException;
import io.costslo.app.policy.Percentiles;
import io.costslo.app.policy.PolicyMapper;
import io.costslo.app.policy.Violation;
import io.costslo.core.cost.CostModel;
import io.costslo.core.cost.PriceSource;
import io.costslo.core.cycle.PlanRealizer;
import io.costslo.core.cycle.ScalingCycle;
import io.costslo.core.decision.Decision;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import io.costslo.core.plan.FrontierPoint;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.units.UsdPerHour;
import io.costslo.core.units.UsdPerMillionTokens;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.costslo.api.v1alpha1.HpaStatus;
import io.costslo.api.v1alpha1.SpotSpec;
import io.costslo.api.v1alpha1.SpotStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates between the cluster and the decision core: reads the policy and its target, runs the
 * core's {@link ScalingCycle} with Kubernetes ports, and reports in status and Events. It never
 * writes the spec.
 */
@ControllerConfiguration(name = InferenceCostPolicyReconciler.NAME)
public class InferenceCostPolicyReconciler implements Reconciler<InferenceCostPolicy>, Cleaner<InferenceCostPolicy> {
  public static final String NAME = "inferencecostpolicy";
  private static final Logger LOG = LoggerFactory.getLogger(InferenceCostPolicyReconciler.class);
  static final Duration MIN_BACKOFF = Duration.ofSeconds(5);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  /** How many frontier points status shows. */
  static final int FRONTIER_IN_STATUS = 5;

  private final KubernetesClient client;
  private final PolicyMapper mapper;
  private final MetricsSourceFactory metricsSources;
  private final PriceSource prices;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final OperatorSettings settings;
  private final ProfileCalibrations calibrations = new ProfileCalibrations();
  private final Clock clock;
  private final KubernetesPlanRealizer.StepHook hook;
  /** Consecutive failed reconciles per policy uid, for exponential backoff. */
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private io.costslo.app.quota.QuotaPolicyHook quotas = io.costslo.app.quota.QuotaPolicyHook.NONE;

  /** Quota allowances and chargeback around each cycle (issue 14's hook). */
  public void useQuotas(io.costslo.app.quota.QuotaPolicyHook hook) {
    this.quotas = hook;
  }

  public InferenceCostPolicyReconciler(KubernetesClient client, PolicyMapper mapper, MetricsSourceFactory metricsSources,
      PriceSource prices, EventRecorder events, OperatorMetrics metrics, OperatorSettings settings, Clock clock) {
    this(client, mapper, metricsSources, prices, events, metrics, settings, clock, KubernetesPlanRealizer.StepHook.NONE);
  }

  InferenceCostPolicyReconciler(KubernetesClient client, PolicyMapper mapper, MetricsSourceFactory metricsSources,
      PriceSource prices, EventRecorder events, OperatorMetrics metrics, OperatorSettings settings, Clock clock,
      KubernetesPlanRealizer.StepHook hook) {
    this.hook = hook;
    this.client = client;
    this.mapper = mapper;
    this.metricsSources = metricsSources;
    this.prices = prices;
    this.events = events;
    this.metrics = metrics;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public UpdateControl<InferenceCostPolicy> reconcile(InferenceCostPolicy policy, Context<InferenceCostPolicy> context) {
    Instant now = clock.instant();
    InferenceCostPolicyStatus status = policy.getStatus() != null ? policy.getStatus() : new InferenceCostPolicyStatus();
    policy.setStatus(status);
    Long generation = policy.getMetadata().getGeneration();
    InferenceCostPolicySpec spec = policy.getSpec();
    Optional<Duration> early = tooEarly(status, generation, spec, now);
    if (early.isPresent()) {
      // Another event arrived before the interval was up: decide on a full window, not a sliver.
      return UpdateControl.<InferenceCostPolicy>noUpdate().rescheduleAfter(settings.realTime(early.get()));
    }
    status.observedGeneration = generation;
    String ns = policy.getMetadata().getNamespace();
    String key = ns + "/" + policy.getMetadata().getName();

    // Spec-only rules first: a bad spec is reported even when the target is missing too.
    var violations = mapper.validator().validate(policy);
    if (!violations.isEmpty()) {
      return invalid(policy, now, violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    }
    Deployment target = client.apps().deployments().inNamespace(ns).withName(spec.targetRef.name).get();
    if (target == null) {
      return fail(policy, now, "TargetNotFound", "spec.targetRef.name: Deployment " + ns + "/" + spec.targetRef.name
          + " not found; create it or point targetRef.name at an existing Deployment");
    }
    SpotSpec spotSpec = spec.capacity.spot;
    boolean spotWanted = spotSpec != null && Boolean.TRUE.equals(spotSpec.enabled);
    String companionName = SpotCompanion.name(spec.targetRef.name);
    Deployment companion = client.apps().deployments().inNamespace(ns).withName(companionName).get();
    if (companion != null && !SpotCompanion.ownedBy(companion, policy)) {
      if (spotWanted) {
        return fail(policy, now, "SpotCompanionConflict", "spec.capacity.spot: Deployment " + ns + "/" + companionName
            + " exists and was not made by this policy; rename it, or disable spot");
      }
      companion = null;
    }
    Optional<HorizontalPodAutoscaler> hpa = HpaBounds.find(client, ns, spec.targetRef.name);
    Optional<Integer> runningCap = BatchSetting.read(target.getSpec().getTemplate().getSpec(), spec.batch);
    CostPolicy costPolicy;
    try {
      costPolicy = mapper.toCore(spec, runningCap);
    } catch (InvalidPolicyException e) {
      return invalid(policy, now, e.getMessage());
    }
    failures.remove(policy.getMetadata().getUid());
    String uid = policy.getMetadata().getUid();
    var prior = costPolicy.capacity().profile();
    costPolicy = costPolicy.withProfile(calibrations.profile(uid, prior));
    costPolicy = quotas.beforeCycle(policy, costPolicy, now);

    // Spot health is judged here, not in the core: while spot is lost the core sees spot disabled
    // and the spot share already counted as on-demand, so the move happens in this reconcile.
    Optional<SpotHealth> health = spotWanted || companion != null
        ? Optional.of(spotHealth(spotSpec, target, status, now)) : Optional.empty();
    boolean spotUsable = spotWanted && health.map(SpotHealth::healthy).orElse(true);
    if (!spotUsable) {
      costPolicy = withoutSpot(costPolicy);
    }

    boolean enforce = Mode.Enforce.name().equals(spec.mode);
    int onDemand = target.getSpec().getReplicas() == null ? 1 : target.getSpec().getReplicas();
    int spot = KubernetesPlanRealizer.replicas(companion);
    int cap = spec.batch == null ? costPolicy.batch().defaultCap() : runningCap.orElse(PolicyMapper.ENGINE_DEFAULT_BATCH_CAP);
    Plan running = new Plan(onDemand, spot, cap);
    Plan current = spotUsable ? running : new Plan(onDemand + spot, 0, cap);
    RecordingMetricsSource source = new RecordingMetricsSource(metricsSources.sourceFor(policy, target));
    KubernetesPlanRealizer realizer = new KubernetesPlanRealizer(client, policy, target, companion, hpa.orElse(null),
        SpotPlacement.of(spotSpec), hook);
    PlanRealizer applied = enforce ? realizer : (k, plan) -> { };
    ScalingCycle cycle = new ScalingCycle(source, prices, applied, new StatusDecisionStore(status),
        new KubernetesDecisionEvents(events, policy, enforce));
    Decision decision = cycle.run(key, costPolicy, query(policy), current, now);
    quotas.afterCycle(policy, decision);
    if (enforce) {
      // Also when the core held: finishes a plan an earlier reconcile left halfway, moves a lost
      // spot share, and keeps the companion's template in step with the target's.
      realizer.realize(key, decision.plan());
    }
    Plan after = enforce ? decision.plan() : running;
    final CostPolicy decided = costPolicy;
    Optional<CostModel> costs = ScalingCycle.resolvePrice(decided, prices).map(p -> ScalingCycle.costModel(decided, p));
    reportActuation(policy, realizer, decision, running, after, costs);
    health.ifPresent(h -> spotStatus(policy, status, h, spotWanted, enforce, running, after, costs, generation, now));
    hpaStatus(policy, status, hpa, after, enforce);

    if (realizer.realized()) {
      status.lastScaleTime = now.toString();
      metrics.scaled(ns, policy.getMetadata().getName());
      LOG.info("{}: {} -> {} ({})", key, running, decision.plan(), decision.reason());
    }
    if (realizer.batchChanged()) {
      status.lastBatchChangeTime = now.toString();
    }
    source.failure().ifPresent(e -> metrics.metricsUnavailable(ns, policy.getMetadata().getName(), e.reason()));
    source.observation().ifPresent(o -> status.calibration = calibrations.record(uid, prior, o.samples(), now));
    metrics.decided(ns, policy.getMetadata().getName(), decision.reason().name());
    writeStatus(status, costPolicy, after, decision, source, generation, now, enforce, spec.targetRef.name);
    metrics.policy(ns, policy.getMetadata().getName(), figures(costPolicy, after, source, costs));
    metrics.targets(ns, policy.getMetadata().getName(), OperatorMetrics.PolicyTargets.of(costPolicy));
    metrics.latency(ns, policy.getMetadata().getName(), OperatorMetrics.Latency.of(
        source.observation().flatMap(Observation::ttft), source.observation().flatMap(Observation::itl)));
    metrics.reconciled("ok");
    status.lastDecisionTime = now.toString();
    return UpdateControl.patchStatus(policy).rescheduleAfter(settings.realTime(Durations.parse(spec.reconcileInterval)));
  }

  /** Time left until the next decision is due, when the last one (for this generation) was too recent. */
  private static Optional<Duration> tooEarly(InferenceCostPolicyStatus status, Long generation,
      InferenceCostPolicySpec spec, Instant now) {
    if (status.lastDecisionTime == null || !java.util.Objects.equals(status.observedGeneration, generation)
        || spec == null || spec.reconcileInterval == null) {
      return Optional.empty();
    }
    Duration interval;
    try {
      interval = Durations.parse(spec.reconcileInterval);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Instant due = Instant.parse(status.lastDecisionTime).plus(interval);
    return now.isBefore(due) ? Optional.of(Duration.between(now, due)) : Optional.empty();
  }

  /** Puts the workload back as it would be without CostSLO, so it keeps serving after the policy is gone. */
  @Override
  public DeleteControl cleanup(InferenceCostPolicy policy, Context<InferenceCostPolicy> context) {
    String ns = policy.getMetadata().getNamespace();
    String name = policy.getMetadata().getName();
    String uid = policy.getMetadata().getUid();
    metrics.forget(ns, name);
    metricsSources.forget(uid);
    calibrations.forget(uid);
    failures.remove(uid);
    InferenceCostPolicySpec spec = policy.getSpec();
    if (spec == null || spec.targetRef == null || spec.targetRef.name == null) {
      return DeleteControl.defaultDelete();
    }
    String message = WorkloadRestore.restore(client, policy);
    if (message != null) {
      events.record(policy, EventRecorder.Type.Normal, "WorkloadRestored", message);
      LOG.info("{}/{}: {}", ns, name, message);
    }
    return DeleteControl.defaultDelete();
  }

  private SpotHealth spotHealth(SpotSpec spotSpec, Deployment target, InferenceCostPolicyStatus status, Instant now) {
    SpotSpec s = spotSpec != null ? spotSpec : new SpotSpec();
    var pods = client.pods().inNamespace(target.getMetadata().getNamespace())
        .withLabels(SpotCompanion.selector(target)).list().getItems();
    Optional<Instant> known = Optional.ofNullable(status.spot).map(x -> x.lastDisruptionTime).map(Instant::parse);
    return SpotHealth.evaluate(pods, known, Durations.parse(s.pendingTimeout), Durations.parse(s.healthyPeriod), now);
  }

  private void reportActuation(InferenceCostPolicy policy, KubernetesPlanRealizer realizer, Decision decision,
      Plan before, Plan after, Optional<CostModel> costs) {
    if (realizer.changes().isEmpty()) {
      return;
    }
    String effect = effect(decision, before, after, costs);
    for (KubernetesPlanRealizer.Change c : realizer.changes()) {
      events.record(policy, EventRecorder.Type.Normal, c.reason(), c.message() + effect);
    }
  }

  /** The predicted effect of going from one plan to another, for Events. */
  private static String effect(Decision decision, Plan before, Plan after, Optional<CostModel> costs) {
    StringBuilder b = new StringBuilder("; ").append(before).append(" -> ").append(after);
    costs.ifPresent(c -> b.append(", predicted ").append(c.billed(after.onDemandReplicas(), after.spotReplicas()))
        .append(" (was ").append(c.billed(before.onDemandReplicas(), before.spotReplicas())).append(")"));
    String p = Percentiles.label(decision.percentile());
    decision.ttft().ifPresent(t -> b.append(", ").append(p).append(" TTFT ").append(Durations.format(t)));
    decision.itl().ifPresent(t -> b.append(", ").append(p).append(" ITL ").append(Durations.format(t)));
    return b.toString();
  }

  private void spotStatus(InferenceCostPolicy policy, InferenceCostPolicyStatus status, SpotHealth health,
      boolean spotWanted, boolean enforce, Plan before, Plan after, Optional<CostModel> costs, Long generation,
      Instant now) {
    boolean wasHealthy = status.spot == null || !Boolean.FALSE.equals(status.spot.healthy);
    SpotStatus s = new SpotStatus();
    s.companion = after.spotReplicas() > 0 || before.spotReplicas() > 0 || status.spot != null && status.spot.companion != null
        ? SpotCompanion.name(policy.getSpec().targetRef.name) : null;
    s.replicas = after.spotReplicas();
    s.healthy = health.healthy();
    s.lastDisruptionTime = health.lastDisruption().map(Instant::toString).orElse(null);
    s.usableAgainAt = health.usableAgainAt().map(Instant::toString).orElse(null);
    s.message = health.message();
    status.spot = s;
    if (!spotWanted) {
      Conditions.set(status.conditions, Conditions.SPOT_AVAILABLE, false, "SpotDisabled",
          "spec.capacity.spot.enabled is false; spot replicas are moved to on-demand", generation, now);
      return;
    }
    if (health.healthy()) {
      Conditions.set(status.conditions, Conditions.SPOT_AVAILABLE, true, "SpotHealthy", health.message(), generation, now);
      if (!wasHealthy) {
        events.record(policy, EventRecorder.Type.Normal, "SpotRestored", "spot has been healthy for the healthy period: "
            + health.message() + "; spot replicas may be planned again");
      }
      return;
    }
    int moved = before.spotReplicas();
    Conditions.set(status.conditions, Conditions.SPOT_AVAILABLE, false, "SpotLost", health.message(), generation, now);
    if (wasHealthy && !enforce) {
      events.record(policy, EventRecorder.Type.Warning, "SpotLost", "Recommend mode, not applied: " + health.message()
          + "; " + moved + " spot replica(s) would move to on-demand");
    } else if (wasHealthy) {
      String effect = costs.map(c -> "; predicted " + c.billed(after.onDemandReplicas(), after.spotReplicas())
          + " (was " + c.billed(before.onDemandReplicas(), before.spotReplicas()) + ")").orElse("");
      events.record(policy, EventRecorder.Type.Warning, "SpotLost", health.message() + "; " + moved
          + " spot replica(s) moved to on-demand: " + before + " -> " + after + effect);
    }
  }

  private void hpaStatus(InferenceCostPolicy policy, InferenceCostPolicyStatus status,
      Optional<HorizontalPodAutoscaler> hpa, Plan plan, boolean enforce) {
    if (hpa.isEmpty()) {
      status.hpa = null;
      return;
    }
    HpaStatus h = new HpaStatus();
    h.name = hpa.get().getMetadata().getName();
    h.minReplicas = enforce ? KubernetesPlanRealizer.hpaMin(plan) : hpa.get().getSpec().getMinReplicas();
    h.maxReplicas = enforce ? KubernetesPlanRealizer.hpaMax(plan, policy.getSpec().replicas.max)
        : hpa.get().getSpec().getMaxReplicas();
    status.hpa = h;
  }

  private static OperatorMetrics.PolicyFigures figures(CostPolicy policy, Plan running, RecordingMetricsSource source,
      Optional<CostModel> costs) {
    double spend = costs.map(c -> c.billed(running.onDemandReplicas(), running.spotReplicas()).value()).orElse(Double.NaN);
    Optional<Observation> o = source.observation();
    double cpt = o.filter(x -> costs.isPresent())
        .map(x -> UsdPerMillionTokens.of(UsdPerHour.of(spend), x.load().outputTokenRate()).value())
        .filter(Double::isFinite).orElse(Double.NaN);
    double used = Double.NaN;
    var budget = policy.budget();
    if (budget.maxSpend().isPresent() && Double.isFinite(spend)) {
      used = spend / budget.maxSpend().get().value();
    }
    if (budget.maxCostPerMillionTokens().isPresent() && Double.isFinite(cpt)) {
      double ratio = cpt / budget.maxCostPerMillionTokens().get().value();
      used = Double.isNaN(used) ? ratio : Math.max(used, ratio);
    }
    double attainment = o.filter(x -> x.ttft().isPresent() && x.itl().isPresent())
        .map(x -> x.ttft().get().compareTo(policy.objective().ttft()) <= 0
            && x.itl().get().compareTo(policy.objective().itl()) <= 0 ? 1.0 : 0.0)
        .orElse(Double.NaN);
    return new OperatorMetrics.PolicyFigures(cpt, spend, used, attainment, running.onDemandReplicas(),
        running.spotReplicas(), running.batchCap());
  }

  private static CostPolicy withoutSpot(CostPolicy p) {
    return new CostPolicy(p.objective(), p.budget(), p.priority(), p.replicas(), p.batch(), p.capacity(),
        CostPolicy.SpotOptions.disabled(), p.stability(), p.priceOverrides(), p.fallbackReplicas());
  }



  private static MetricsQuery query(InferenceCostPolicy policy) {
    var m = policy.getSpec().metrics;
    Duration window = Durations.parse(m == null ? "2m" : m.window);
    Map<String, String> overrides = m == null || m.queries == null ? Map.of() : m.queries;
    return new MetricsQuery(policy.getMetadata().getNamespace(), policy.getSpec().targetRef.name, window,
        policy.getSpec().objectives.percentile / 100.0, overrides);
  }

  private void writeStatus(InferenceCostPolicyStatus status, CostPolicy policy, Plan running, Decision decision,
      RecordingMetricsSource source, Long generation, Instant now, boolean enforce, String target) {
    status.currentPlan = plan(running, null, null);
    status.recommendedPlan = plan(decision.plan(), decision.reason().name(), decision.message());
    decision.expectedCost().ifPresent(c -> status.recommendedPlan.predictedUsdPerHour = round(c.value()));
    decision.costPerMillionTokens().filter(c -> Double.isFinite(c.value()))
        .ifPresent(c -> status.recommendedPlan.predictedUsdPerMillionTokens = round(c.value()));
    decision.ttft().ifPresent(t -> status.recommendedPlan.predictedTtft = Durations.format(t));
    decision.itl().ifPresent(t -> status.recommendedPlan.predictedItl = Durations.format(t));
    status.frontier = decision.frontier().isEmpty() ? status.frontier : decision.frontier().stream()
        .limit(FRONTIER_IN_STATUS).map(InferenceCostPolicyReconciler::point).toList();

    Optional<CostModel> costs = ScalingCycle.resolvePrice(policy, prices).map(p -> ScalingCycle.costModel(policy, p));
    Optional<Observation> seen = source.observation();
    status.observed = seen.map(o -> observed(o, running, costs)).orElse(status.observed);

    Conditions.set(status.conditions, Conditions.READY, true, enforce ? "Enforcing" : "Recommending",
        (enforce ? "Managing Deployment " + target : "Recommend mode: status and events only, Deployment " + target
            + " not changed") + "; " + decision.reason() + ": " + decision.message(), generation, now);
    Optional<MetricsUnavailableException> failure = source.failure();
    if (failure.isPresent()) {
      Conditions.set(status.conditions, Conditions.METRICS_AVAILABLE, false, failure.get().reason(),
          failure.get().getMessage() + "; holding the current plan", generation, now);
      Conditions.unknown(status.conditions, Conditions.SLO_MET, "NoMetrics", "Latency not observed this cycle", generation, now);
      Conditions.unknown(status.conditions, Conditions.WITHIN_BUDGET, "NoMetrics", "Output tokens not observed this cycle",
          generation, now);
      return;
    }
    Observation o = seen.orElseThrow();
    Conditions.set(status.conditions, Conditions.METRICS_AVAILABLE, true, "MetricsRead",
        o.readyPods() + " ready pods over " + Durations.format(o.window()) + ", taken at " + o.takenAt(), generation, now);
    sloCondition(status, policy, o, decision, generation, now);
    budgetCondition(status, policy, running, o, costs, decision, generation, now);
  }

  private static void sloCondition(InferenceCostPolicyStatus status, CostPolicy policy, Observation o, Decision decision,
      Long generation, Instant now) {
    var objective = policy.objective();
    String p = Percentiles.label(objective.percentile());
    if (o.ttft().isEmpty() || o.itl().isEmpty()) {
      Conditions.unknown(status.conditions, Conditions.SLO_MET, "NoCompletedRequests",
          "No request completed in the window", generation, now);
      return;
    }
    boolean ttftOk = o.ttft().get().compareTo(objective.ttft()) <= 0;
    boolean itlOk = o.itl().get().compareTo(objective.itl()) <= 0;
    String figures = "observed " + p + " TTFT " + Durations.format(o.ttft().get()) + " (objective "
        + Durations.format(objective.ttft()) + "), ITL " + Durations.format(o.itl().get()) + " (objective "
        + Durations.format(objective.itl()) + ")";
    if (!ttftOk || !itlOk) {
      Conditions.set(status.conditions, Conditions.SLO_MET, false, "ObjectiveMissed", figures, generation, now);
    } else if (!decision.sloMet() && decision.ttft().isPresent()) {
      Conditions.set(status.conditions, Conditions.SLO_MET, false, decision.reason().name(),
          figures + "; the chosen plan is predicted to miss them: " + decision.message(), generation, now);
    } else {
      Conditions.set(status.conditions, Conditions.SLO_MET, true, "ObjectivesMet", figures, generation, now);
    }
  }

  private static void budgetCondition(InferenceCostPolicyStatus status, CostPolicy policy, Plan running, Observation o,
      Optional<CostModel> costs, Decision decision, Long generation, Instant now) {
    if (costs.isEmpty()) {
      Conditions.unknown(status.conditions, Conditions.WITHIN_BUDGET, "NoPrice",
          "No price for GPU type " + policy.capacity().gpuType(), generation, now);
      return;
    }
    UsdPerHour spend = costs.get().billed(running.onDemandReplicas(), running.spotReplicas());
    UsdPerMillionTokens cpt = UsdPerMillionTokens.of(spend, o.load().outputTokenRate());
    var budget = policy.budget();
    boolean cptOk = budget.maxCostPerMillionTokens().map(max -> o.load().outputTokenRate().value() == 0
        || cpt.compareTo(max) <= 0).orElse(true);
    boolean spendOk = budget.maxSpend().map(max -> spend.compareTo(max) <= 0).orElse(true);
    String figures = "observed " + spend + (Double.isFinite(cpt.value()) ? ", CPT " + cpt : "")
        + budget.maxCostPerMillionTokens().map(m -> " (budget " + m + ")").orElse("")
        + budget.maxSpend().map(m -> ", cap " + m).orElse("");
    if (!cptOk || !spendOk) {
      Conditions.set(status.conditions, Conditions.WITHIN_BUDGET, false, "OverBudget", figures, generation, now);
    } else if (!decision.withinBudget() && decision.expectedCost().isPresent() && decision.ttft().isPresent()) {
      Conditions.set(status.conditions, Conditions.WITHIN_BUDGET, false, decision.reason().name(),
          figures + "; the chosen plan is predicted over budget: " + decision.message(), generation, now);
    } else {
      Conditions.set(status.conditions, Conditions.WITHIN_BUDGET, true, "WithinBudget", figures, generation, now);
    }
  }

  private static ObservedFigures observed(Observation o, Plan running, Optional<CostModel> costs) {
    ObservedFigures f = new ObservedFigures();
    f.requestsPerSecond = round(o.load().rate().value());
    f.inputTokensPerSecond = round(o.load().inputTokenRate().value());
    f.outputTokensPerSecond = round(o.load().outputTokenRate().value());
    f.ttft = o.ttft().map(Durations::format).orElse(null);
    f.itl = o.itl().map(Durations::format).orElse(null);
    f.runningRequests = round(o.runningRequests());
    f.waitingRequests = round(o.waitingRequests());
    f.kvCacheUsage = round(o.kvCacheUsage());
    f.readyReplicas = o.readyPods();
    f.takenAt = o.takenAt().toString();
    costs.ifPresent(c -> {
      UsdPerHour spend = c.billed(running.onDemandReplicas(), running.spotReplicas());
      f.usdPerHour = round(spend.value());
      UsdPerMillionTokens cpt = UsdPerMillionTokens.of(spend, o.load().outputTokenRate());
      f.usdPerMillionTokens = Double.isFinite(cpt.value()) ? round(cpt.value()) : null;
    });
    return f;
  }

  private static FrontierPointStatus point(FrontierPoint p) {
    FrontierPointStatus s = new FrontierPointStatus();
    s.onDemandReplicas = p.plan().onDemandReplicas();
    s.spotReplicas = p.plan().spotReplicas();
    s.batchCap = p.plan().batchCap();
    s.usdPerHour = round(p.expectedCost().value());
    s.usdPerMillionTokens = Double.isFinite(p.costPerMillionTokens().value()) ? round(p.costPerMillionTokens().value()) : null;
    s.ttft = p.ttft().map(Durations::format).orElse(null);
    s.itl = p.itl().map(Durations::format).orElse(null);
    s.meetsSlo = p.meetsSlo();
    s.withinBudget = p.withinBudget();
    return s;
  }

  private UpdateControl<InferenceCostPolicy> invalid(InferenceCostPolicy policy, Instant now, String message) {
    return fail(policy, now, "InvalidSpec", "Invalid spec, no workload changed: " + message);
  }

  private UpdateControl<InferenceCostPolicy> fail(InferenceCostPolicy policy, Instant now, String reason, String message) {
    InferenceCostPolicyStatus status = policy.getStatus();
    Long generation = policy.getMetadata().getGeneration();
    Conditions.set(status.conditions, Conditions.READY, false, reason, message, generation, now);
    events.record(policy, EventRecorder.Type.Warning, reason, message);
    metrics.reconciled(reason);
    int attempt = failures.merge(policy.getMetadata().getUid(), 1, Integer::sum);
    LOG.warn("{}/{}: {} (attempt {})", policy.getMetadata().getNamespace(), policy.getMetadata().getName(), message, attempt);
    return UpdateControl.patchStatus(policy).rescheduleAfter(settings.realTime(backoff(attempt)));
  }

  /** 5s, 10s, 20s, ... capped at 5 minutes. */
  static Duration backoff(int attempt) {
    long factor = 1L << Math.min(attempt - 1, 16);
    Duration d = MIN_BACKOFF.multipliedBy(factor);
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  private static PlanStatus plan(Plan plan, String reason, String message) {
    PlanStatus p = new PlanStatus();
    p.replicas = plan.totalReplicas();
    p.onDemandReplicas = plan.onDemandReplicas();
    p.spotReplicas = plan.spotReplicas();
    p.batchCap = plan.batchCap();
    p.reason = reason;
    p.message = message;
    return p;
  }

  private static double round(double v) {
    return Math.round(v * 10_000.0) / 10_000.0;
  }
}
