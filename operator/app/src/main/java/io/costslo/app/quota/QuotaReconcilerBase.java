package io.costslo.app.quota;

import io.costslo.api.v1alpha1.CostQuotaSpec;
import io.costslo.api.v1alpha1.CostQuotaStatus;
import io.costslo.core.units.Durations;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.app.operator.Conditions;
import io.costslo.app.operator.EventRecorder;
import io.costslo.app.operator.OperatorSettings;
import io.costslo.app.policy.Violation;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** The flow both quota kinds share: validate, list covered policies, run the quota cycle, report. */
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

  /** The policies the quota covers, read from the API server. */
  abstract List<InferenceCostPolicy> covered(R quota);

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
