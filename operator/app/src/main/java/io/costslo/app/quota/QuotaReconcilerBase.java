package io.costslo.app.quota;

import io.costslo.api.v1alpha1.CostQuotaSpec;
import io.costslo.api.v1alpha1.CostQuotaStatus;
import io.costslo.core.units.Durations;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.app.operator.Conditions;
import io.costslo.app.operator.EventRecorder;
import io.costslo.app.operator.OperatorSettings;
import io.costslo.app.policy.Violation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The flow both quota kinds share: validate, read the covered policies from the informer cache, run
 * the quota cycle, report. A policy added, deleted, relabelled or given a new spec reconciles the
 * quotas that may cover it at once; its status writes (every policy cycle) do not, since the quota
 * reads them at its own interval.
 */
abstract class QuotaReconcilerBase<R extends CustomResource<? extends CostQuotaSpec, CostQuotaStatus>>
    implements Reconciler<R> {
  /** Allowances stop applying this many intervals after the quota's last round (at least 2 min). */
  static final int EXPIRY_INTERVALS = 3;

  protected final KubernetesClient client;
  private final QuotaBook book;
  private final QuotaCycle cycle;
  private final EventRecorder events;
  private final ChargebackMetrics metrics;
  private final OperatorSettings settings;
  private final Clock clock;

  QuotaReconcilerBase(KubernetesClient client, QuotaBook book, EventRecorder events, ChargebackMetrics metrics,
      OperatorSettings settings, Clock clock) {
    this.client = client;
    this.book = book;
    this.cycle = new QuotaCycle(book);
    this.events = events;
    this.metrics = metrics;
    this.settings = settings;
    this.clock = clock;
  }

  /** "namespace/name" for a CostQuota, "name" for a ClusterCostQuota. */
  abstract String key(R quota);

  /** The cluster-scoped form's namespace selector; null for a CostQuota. */
  abstract LabelSelector namespaceSelector(R quota);

  /** The policies the quota covers, read from the informer caches. */
  abstract List<InferenceCostPolicy> covered(R quota);

  /** The quotas a policy's change may concern (all those that could select it, before or after). */
  abstract Set<ResourceID> mayCover(InferenceCostPolicy policy, IndexerResourceCache<R> quotas);

  /** The policy informer's namespaces; the cluster form sets all of them. */
  InformerEventSourceConfiguration.Builder<InferenceCostPolicy> scope(
      InformerEventSourceConfiguration.Builder<InferenceCostPolicy> b) {
    return b;
  }

  /** Event sources besides the policies' (the cluster form watches namespaces). */
  List<EventSource<?, R>> moreEventSources(EventSourceContext<R> context) {
    return List.of();
  }

  /** Cached policies: set when JOSDK prepares the event sources, before the first reconcile. */
  protected InformerEventSource<InferenceCostPolicy, R> policies;

  @Override
  public List<EventSource<?, R>> prepareEventSources(EventSourceContext<R> context) {
    IndexerResourceCache<R> quotas = context.getPrimaryCache();
    policies = new InformerEventSource<>(scope(InformerEventSourceConfiguration.from(InferenceCostPolicy.class,
            context.getPrimaryResourceClass()).withName("covered-policies")
        .withSecondaryToPrimaryMapper(p -> mayCover(p, quotas))
        .withOnUpdateFilter(QuotaReconcilerBase::coverageChanged)).build(), context);
    List<EventSource<?, R>> sources = new ArrayList<>();
    sources.add(policies);
    sources.addAll(moreEventSources(context));
    return sources;
  }

  /** Labels (what selectors read) or spec (spec.quota's priority and keepSlo) changed. */
  static boolean coverageChanged(HasMetadata now, HasMetadata before) {
    return !Objects.equals(now.getMetadata().getLabels(), before.getMetadata().getLabels())
        || !Objects.equals(now.getMetadata().getGeneration(), before.getMetadata().getGeneration());
  }

  @Override
  public UpdateControl<R> reconcile(R quota, Context<R> context) {
    Instant now = clock.instant();
    CostQuotaStatus status = quota.getStatus() != null ? quota.getStatus() : new CostQuotaStatus();
    quota.setStatus(status);
    Long generation = quota.getMetadata().getGeneration();
    String key = key(quota);
    List<Violation> violations = QuotaValidator.validate(quota.getSpec(), namespaceSelector(quota));
    if (!violations.isEmpty()) {
      // A bad quota caps nobody: its allowances are withdrawn until it is fixed.
      book.withdraw(key);
      metrics.quotaGone(key);
      String message = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
      status.observedGeneration = generation;
      status.state = null;
      status.policies = null;
      Conditions.set(status.conditions, Conditions.READY, false, "InvalidSpec", message, generation, now);
      events.record(quota, EventRecorder.Type.Warning, "InvalidSpec", message);
      return UpdateControl.patchStatus(quota).rescheduleAfter(settings.realTime(Duration.ofMinutes(1)));
    }
    Duration interval = Durations.parse(quota.getSpec().reconcileInterval == null ? "30s" : quota.getSpec().reconcileInterval);
    Duration expiry = interval.multipliedBy(EXPIRY_INTERVALS).compareTo(Duration.ofMinutes(2)) < 0
        ? Duration.ofMinutes(2) : interval.multipliedBy(EXPIRY_INTERVALS);
    List<InferenceCostPolicy> covered = covered(quota).stream()
        .sorted(java.util.Comparator.comparing(QuotaCycle::key)).toList();
    List<QuotaCycle.Notice> notices = cycle.run(key, quota.getSpec(), status, covered, generation, now, now.plus(expiry));
    for (QuotaCycle.Notice n : notices) {
      events.record(quota, n.warning() ? EventRecorder.Type.Warning : EventRecorder.Type.Normal, n.reason(), n.message());
    }
    metrics.quota(key, status);
    return UpdateControl.patchStatus(quota).rescheduleAfter(settings.realTime(interval));
  }
}
