package io.costslo.app.operator;

import io.costslo.core.units.Durations;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.InferenceCostPolicySpec;
import io.costslo.api.v1alpha1.InferenceCostPolicyStatus;
import io.costslo.api.v1alpha1.SafeText;
import io.costslo.app.policy.InvalidPolicyException;
import io.costslo.app.policy.PolicyMapper;
import io.costslo.app.policy.Violation;
import io.costslo.core.cost.PriceSource;
import io.costslo.core.cycle.CycleEvents;
import io.costslo.core.cycle.CycleInput;
import io.costslo.core.cycle.CycleReport;
import io.costslo.core.cycle.Mode;
import io.costslo.core.cycle.PolicyCycle;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.policy.CostPolicy;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thin glue between the cluster and the core's {@link PolicyCycle}: loads the view from the informer
 * caches, maps the spec, runs the cycle, writes status, Events and metrics from its report. It never
 * writes the spec. An exception (or Error) in a reconcile becomes Ready=False and JOSDK's retry; an
 * invalid spec waits for a new generation.
 */
@ControllerConfiguration(name = InferenceCostPolicyReconciler.NAME)
@GradualRetry(maxAttempts = -1, initialInterval = 5_000, intervalMultiplier = 2.0, maxInterval = 300_000)
public class InferenceCostPolicyReconciler implements Reconciler<InferenceCostPolicy>, Cleaner<InferenceCostPolicy> {
  public static final String NAME = "inferencecostpolicy";
  private static final Logger LOG = LoggerFactory.getLogger(InferenceCostPolicyReconciler.class);

  private final KubernetesClient client;
  private final PolicyMapper mapper;
  private final MetricsSourceFactory metricsSources;
  private final PriceSource prices;
  private final EventRecorder events;
  private final ReportEvents reportEvents;
  private final OperatorMetrics metrics;
  private final OperatorSettings settings;
  private final Clock clock;
  private final KubernetesPlanRealizer.StepHook hook;
  private WorkloadCache cache;
  private io.costslo.app.quota.QuotaPolicyHook quotas = io.costslo.app.quota.QuotaPolicyHook.NONE;

  InferenceCostPolicyReconciler(KubernetesClient client, PolicyMapper mapper, MetricsSourceFactory metricsSources,
      PriceSource prices, EventRecorder events, OperatorMetrics metrics, OperatorSettings settings, Clock clock,
      KubernetesPlanRealizer.StepHook hook) {
    this.client = client;
    this.mapper = mapper;
    this.metricsSources = metricsSources;
    this.prices = prices;
    this.events = events;
    this.reportEvents = new ReportEvents(events);
    this.metrics = metrics;
    this.settings = settings;
    this.clock = clock;
    this.hook = hook;
  }

  /** Quota allowances and chargeback around each cycle. */
  public void useQuotas(io.costslo.app.quota.QuotaPolicyHook hook) {
    this.quotas = hook;
  }

  @Override
  public List<EventSource<?, InferenceCostPolicy>> prepareEventSources(EventSourceContext<InferenceCostPolicy> context) {
    cache = new WorkloadCache(context);
    return cache.eventSources();
  }

  @Override
  public UpdateControl<InferenceCostPolicy> reconcile(InferenceCostPolicy policy, Context<InferenceCostPolicy> context) {
    try {
      return decide(policy);
    } catch (StackOverflowError | OutOfMemoryError | AssertionError | LinkageError e) {
      // JOSDK retries exceptions only; an Error must not end the reconciler thread or the operator.
      throw new IllegalStateException(e.getClass().getSimpleName() + " in reconcile", e);
    }
  }

  private UpdateControl<InferenceCostPolicy> decide(InferenceCostPolicy policy) {
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
    var violations = mapper.validator().validate(policy);
    if (!violations.isEmpty()) {
      return invalid(policy, now, violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    }
    Optional<InferenceCostPolicy> winner = cache.policiesTargeting(ns, spec.targetRef.name).stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).findFirst();
    if (winner.isPresent() && !winner.get().getMetadata().getName().equals(policy.getMetadata().getName())) {
      return fail(policy, now, "TargetConflict", "spec.targetRef.name: Deployment " + ns + "/" + spec.targetRef.name
          + " is already managed by the older policy " + winner.get().getMetadata().getName()
          + "; one policy per workload, delete one of them or point this one elsewhere");
    }
    // Not in the cache: it may be newer than the informer's last event, so ask once before saying so.
    Deployment target = cache.deployment(ns, spec.targetRef.name)
        .orElseGet(() -> client.apps().deployments().inNamespace(ns).withName(spec.targetRef.name).get());
    if (target == null) {
      return fail(policy, now, "TargetNotFound", "spec.targetRef.name: Deployment " + ns + "/" + spec.targetRef.name
          + " not found; create it or point targetRef.name at an existing Deployment");
    }
    KubernetesClusterView view = KubernetesClusterView.load(cache, client, policy, target);
    if (view.companionConflict() && view.spotWanted()) {
      return fail(policy, now, "SpotCompanionConflict", "spec.capacity.spot: Deployment " + ns + "/"
          + view.spotCompanionName() + " exists and was not made by this policy; rename it, or disable spot");
    }
    CostPolicy costPolicy;
    try {
      costPolicy = mapper.toCore(spec, view.runningBatchCap());
    } catch (InvalidPolicyException e) {
      return invalid(policy, now, e.getMessage());
    }
    // A quota's allowance tightens the spend cap before the cycle plans.
    costPolicy = quotas.beforeCycle(policy, costPolicy, now);
    Mode mode = "Recommend".equals(spec.mode) ? Mode.RECOMMEND : Mode.ENFORCE;
    KubernetesPlanRealizer realizer = new KubernetesPlanRealizer(client, policy, target, view.companion().orElse(null),
        view.hpa().orElse(null), SpotPlacement.of(spec.capacity.spot), hook);
    PolicyCycle cycle = new PolicyCycle(metricsSources.sourceFor(policy, target), prices, realizer,
        new StatusPolicyStateStore(status), CycleEvents.NONE);
    String key = ns + "/" + policy.getMetadata().getName();
    CycleReport report = cycle.run(new CycleInput(key, costPolicy, query(policy), mode, view.spotHealthyPeriod(), now),
        view.view(cache, costPolicy.batch().defaultCap(), now));
    quotas.afterCycle(policy, report.decision());

    ReportStatus.write(status, report, view, generation);
    reportEvents.write(policy, report);
    ReportMetrics.write(metrics, ns, policy.getMetadata().getName(), report);
    if (report.replicasChanged()) {
      LOG.info("{}: {} -> {} ({})", key, report.running(), report.after(), report.decision().reason());
    }
    return UpdateControl.patchStatus(policy).rescheduleAfter(settings.realTime(Durations.parse(spec.reconcileInterval)));
  }

  /** Any exception left over from a reconcile: Ready=False with its reason; JOSDK retries with backoff. */
  @Override
  public ErrorStatusUpdateControl<InferenceCostPolicy> updateErrorStatus(InferenceCostPolicy policy,
      Context<InferenceCostPolicy> context, Exception e) {
    if (policy.getStatus() == null) {
      policy.setStatus(new InferenceCostPolicyStatus());
    }
    Throwable cause = e.getCause() instanceof Error ? e.getCause() : e;
    String message = "reconcile failed, retrying with backoff: " + cause.getClass().getSimpleName() + ": "
        + Objects.toString(cause.getMessage(), "");
    setFailed(policy, clock.instant(), "ReconcileError", message);
    return ErrorStatusUpdateControl.patchStatus(policy);
  }

  /** Time left until the next decision is due, when the last one (for this generation) was too recent. */
  private static Optional<Duration> tooEarly(InferenceCostPolicyStatus status, Long generation,
      InferenceCostPolicySpec spec, Instant now) {
    if (status.lastDecisionTime == null || !Objects.equals(status.observedGeneration, generation)
        || spec == null || spec.reconcileInterval == null || !Conditions.isTrue(status.conditions, Conditions.READY)) {
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
    metrics.forget(ns, name);
    metricsSources.forget(policy.getMetadata().getUid());
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

  private static MetricsQuery query(InferenceCostPolicy policy) {
    var m = policy.getSpec().metrics;
    Duration window = Durations.parse(m == null ? "2m" : m.window);
    Map<String, String> overrides = m == null || m.queries == null ? Map.of() : m.queries;
    return new MetricsQuery(policy.getMetadata().getNamespace(), policy.getSpec().targetRef.name, window,
        policy.getSpec().objectives.percentile / 100.0, overrides);
  }

  /** A bad spec is not retried: the next generation (the user's fix) is reconciled at once. */
  private UpdateControl<InferenceCostPolicy> invalid(InferenceCostPolicy policy, Instant now, String message) {
    String text = "Invalid spec, no workload changed: " + message;
    var ready = Conditions.find(policy.getStatus().conditions, Conditions.READY);
    if (ready != null && "InvalidSpec".equals(ready.getReason()) && text.equals(ready.getMessage())
        && Objects.equals(ready.getObservedGeneration(), policy.getMetadata().getGeneration())) {
      return UpdateControl.noUpdate();
    }
    setFailed(policy, now, "InvalidSpec", text);
    return UpdateControl.patchStatus(policy);
  }

  /** Waits for the cluster to change (the informers trigger a reconcile), and looks again at the interval. */
  private UpdateControl<InferenceCostPolicy> fail(InferenceCostPolicy policy, Instant now, String reason,
      String message) {
    setFailed(policy, now, reason, message);
    return UpdateControl.patchStatus(policy)
        .rescheduleAfter(settings.realTime(Durations.parse(policy.getSpec().reconcileInterval)));
  }

  private void setFailed(InferenceCostPolicy policy, Instant now, String reason, String message) {
    Conditions.set(policy.getStatus().conditions, Conditions.READY, false, reason, message,
        policy.getMetadata().getGeneration(), now);
    events.record(policy, EventRecorder.Type.Warning, reason, message);
    metrics.reconciled(reason);
    LOG.warn("{}/{}: {}", policy.getMetadata().getNamespace(), policy.getMetadata().getName(), SafeText.message(message));
  }
}
