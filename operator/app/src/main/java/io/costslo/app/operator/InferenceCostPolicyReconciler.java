package io.costslo.app.operator;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.InferenceCostPolicySpec;
import io.costslo.api.v1alpha1.InferenceCostPolicyStatus;
import io.costslo.app.policy.InvalidPolicyException;
import io.costslo.app.policy.PolicyMapper;
import io.costslo.app.quota.QuotaPolicyHook;
import io.costslo.core.cost.PriceSource;
import io.costslo.core.cycle.CycleEvents;
import io.costslo.core.cycle.CycleInput;
import io.costslo.core.cycle.CycleReport;
import io.costslo.core.cycle.PolicyCycle;
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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thin glue between the cluster and the core's {@link PolicyCycle}: loads the view from the informer
 * caches ({@link KubernetesClusterView}), maps the spec ({@link CycleInputs}), runs the cycle, and
 * writes status, Events and metrics from its report ({@link ReportStatus}, {@link ReportEvents},
 * {@link ReportMetrics}). It never writes the spec and decides nothing itself. An exception (or
 * Error) in a reconcile becomes Ready=False and JOSDK's retry; an invalid spec waits for a new
 * generation ({@link PolicyFailures}).
 */
@ControllerConfiguration(name = InferenceCostPolicyReconciler.NAME)
@GradualRetry(maxAttempts = -1, initialInterval = 5_000, intervalMultiplier = 2.0, maxInterval = 300_000)
public class InferenceCostPolicyReconciler implements Reconciler<InferenceCostPolicy>, Cleaner<InferenceCostPolicy> {
  public static final String NAME = "inferencecostpolicy";
  private static final Logger LOG = LoggerFactory.getLogger(InferenceCostPolicyReconciler.class);
  /** Real time before deciding again when the status changed under a cycle (the cache has the newer copy by then). */
  private static final Duration RETRY_AFTER_CONFLICT = Duration.ofSeconds(1);

  private final KubernetesClient client;
  private final PolicyMapper mapper;
  private final MetricsSourceFactory metricsSources;
  private final PriceSource prices;
  private final ReportEvents reportEvents;
  private final PolicyFailures failures;
  private final OperatorMetrics metrics;
  private final OperatorSettings settings;
  private final Clock clock;
  private final KubernetesPlanRealizer.StepHook hook;
  private final PolicyCleanup cleanup;
  private WorkloadCache cache;
  private QuotaPolicyHook quotas = QuotaPolicyHook.NONE;

  InferenceCostPolicyReconciler(KubernetesClient client, PolicyMapper mapper, MetricsSourceFactory metricsSources,
      PriceSource prices, EventRecorder events, OperatorMetrics metrics, OperatorSettings settings, Clock clock,
      KubernetesPlanRealizer.StepHook hook) {
    this.client = client;
    this.mapper = mapper;
    this.metricsSources = metricsSources;
    this.prices = prices;
    this.reportEvents = new ReportEvents(events);
    this.failures = new PolicyFailures(events, metrics, settings);
    this.metrics = metrics;
    this.settings = settings;
    this.clock = clock;
    this.hook = hook;
    this.cleanup = new PolicyCleanup(client, metrics, metricsSources, events);
  }

  /** Quota allowances and chargeback around each cycle. */
  public void useQuotas(QuotaPolicyHook hook) {
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
      return decide(policy, context);
    } catch (StackOverflowError | OutOfMemoryError | AssertionError | LinkageError e) {
      // JOSDK retries exceptions only; an Error must not end the reconciler thread or the operator.
      throw new IllegalStateException(e.getClass().getSimpleName() + " in reconcile", e);
    }
  }

  private UpdateControl<InferenceCostPolicy> decide(InferenceCostPolicy policy, Context<InferenceCostPolicy> context) {
    Instant now = clock.instant();
    InferenceCostPolicyStatus status = policy.getStatus() != null ? policy.getStatus() : new InferenceCostPolicyStatus();
    policy.setStatus(status);
    Long generation = policy.getMetadata().getGeneration();
    InferenceCostPolicySpec spec = policy.getSpec();
    Optional<Duration> early = DecisionSchedule.untilDue(status, generation, spec, now);
    if (early.isPresent()) {
      return UpdateControl.<InferenceCostPolicy>noUpdate().rescheduleAfter(settings.realTime(early.get()));
    }
    status.observedGeneration = generation;
    var violations = mapper.validator().validate(policy);
    if (!violations.isEmpty()) {
      return failures.invalid(policy, now, violations);
    }
    KubernetesClusterView view;
    CycleInput input;
    try {
      view = KubernetesClusterView.load(cache, client, policy);
      input = CycleInputs.map(mapper, quotas, policy, view, now);
    } catch (KubernetesClusterView.Blocked blocked) {
      return failures.blocked(policy, now, blocked);
    } catch (InvalidPolicyException e) {
      return failures.invalid(policy, now, e.getMessage());
    }
    KubernetesPlanRealizer realizer = new KubernetesPlanRealizer(client, policy, view.target(),
        view.companion().orElse(null), view.hpa().orElse(null), SpotPlacement.of(spec.capacity.spot), hook);
    PolicyCycle cycle = new PolicyCycle(metricsSources.sourceFor(policy, view.target()), prices, realizer,
        new StatusPolicyStateStore(status), CycleEvents.NONE);
    CycleReport report = cycle.run(input, view.view(cache, input.policy().batch().defaultCap(), now));
    quotas.afterCycle(policy, report.decision());

    ReportStatus.write(status, report, view, generation);
    reportEvents.write(policy, report);
    ReportMetrics.write(metrics, policy.getMetadata().getNamespace(), policy.getMetadata().getName(), report);
    if (report.replicasChanged()) {
      LOG.info("{}: {} -> {} ({})", input.policyKey(), report.running(), report.after(), report.decision().reason());
    }
    if (!StatusWriter.write(client, context, policy)) {
      LOG.debug("{}: status changed since it was read; deciding again from the fresh copy", input.policyKey());
      return UpdateControl.<InferenceCostPolicy>noUpdate().rescheduleAfter(RETRY_AFTER_CONFLICT);
    }
    return UpdateControl.<InferenceCostPolicy>noUpdate()
        .rescheduleAfter(settings.realTime(DecisionSchedule.interval(spec)));
  }

  @Override
  public ErrorStatusUpdateControl<InferenceCostPolicy> updateErrorStatus(InferenceCostPolicy policy,
      Context<InferenceCostPolicy> context, Exception e) {
    return failures.error(policy, clock.instant(), e);
  }

  /** Puts the workload back as it would be without CostSLO, so it keeps serving after the policy is gone. */
  @Override
  public DeleteControl cleanup(InferenceCostPolicy policy, Context<InferenceCostPolicy> context) {
    cleanup.run(policy);
    return DeleteControl.defaultDelete();
  }
}
