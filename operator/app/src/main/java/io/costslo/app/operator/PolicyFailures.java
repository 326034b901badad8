package io.costslo.app.operator;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.InferenceCostPolicyStatus;
import io.costslo.api.v1alpha1.SafeText;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a reconcile writes when it cannot run the cycle: Ready=False with the reason, a Warning
 * Event, the reconcile counter and a log line; and when to look again. No workload is changed.
 */
final class PolicyFailures {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyFailures.class);

  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final OperatorSettings settings;

  PolicyFailures(EventRecorder events, OperatorMetrics metrics, OperatorSettings settings) {
    this.events = events;
    this.metrics = metrics;
    this.settings = settings;
  }

  /** A bad spec is not retried: the next generation (the user's fix) is reconciled at once. */
  /** The validator's findings, joined into one message. */
  UpdateControl<InferenceCostPolicy> invalid(InferenceCostPolicy policy, Instant now,
      java.util.List<io.costslo.app.policy.Violation> violations) {
    return invalid(policy, now, violations.stream().map(io.costslo.app.policy.Violation::toString)
        .collect(java.util.stream.Collectors.joining("; ")));
  }

  UpdateControl<InferenceCostPolicy> invalid(InferenceCostPolicy policy, Instant now, String message) {
    String text = "Invalid spec, no workload changed: " + message;
    var ready = Conditions.find(policy.getStatus().conditions, Conditions.READY);
    if (ready != null && "InvalidSpec".equals(ready.getReason()) && text.equals(ready.getMessage())
        && Objects.equals(ready.getObservedGeneration(), policy.getMetadata().getGeneration())) {
      return UpdateControl.noUpdate();
    }
    failed(policy, now, "InvalidSpec", text);
    return UpdateControl.patchStatus(policy);
  }

  /** Waits for the cluster to change (the informers trigger a reconcile), and looks again at the interval. */
  UpdateControl<InferenceCostPolicy> blocked(InferenceCostPolicy policy, Instant now,
      KubernetesClusterView.Blocked blocked) {
    failed(policy, now, blocked.reason(), blocked.getMessage());
    return UpdateControl.patchStatus(policy)
        .rescheduleAfter(settings.realTime(DecisionSchedule.interval(policy.getSpec())));
  }

  /** Any exception left over from a reconcile: Ready=False with its reason; JOSDK retries with backoff. */
  ErrorStatusUpdateControl<InferenceCostPolicy> error(InferenceCostPolicy policy, Instant now, Exception e) {
    if (policy.getStatus() == null) {
      policy.setStatus(new InferenceCostPolicyStatus());
    }
    Throwable cause = e.getCause() instanceof Error ? e.getCause() : e;
    failed(policy, now, "ReconcileError", "reconcile failed, retrying with backoff: "
        + cause.getClass().getSimpleName() + ": " + Objects.toString(cause.getMessage(), ""));
    return ErrorStatusUpdateControl.patchStatus(policy);
  }

  private void failed(InferenceCostPolicy policy, Instant now, String reason, String message) {
    Conditions.set(policy.getStatus().conditions, Conditions.READY, false, reason, message,
        policy.getMetadata().getGeneration(), now);
    events.record(policy, EventRecorder.Type.Warning, reason, message);
    metrics.reconciled(reason);
    LOG.warn("{}/{}: {}", policy.getMetadata().getNamespace(), policy.getMetadata().getName(), SafeText.message(message));
  }
}
