package io.costslo.app.operator;

import io.costslo.api.v1alpha1.Durations;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.InferenceCostPolicySpec;
import io.costslo.api.v1alpha1.InferenceCostPolicyStatus;
import io.costslo.api.v1alpha1.Mode;
import io.costslo.api.v1alpha1.PlanStatus;
import io.costslo.app.policy.PolicyValidator;
import io.costslo.app.policy.Violation;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates between the cluster and the decision: reads the policy and its target, asks for a
 * plan, applies it in Enforce mode, and reports in status and Events. It never writes the spec.
 */
@ControllerConfiguration(name = InferenceCostPolicyReconciler.NAME)
public class InferenceCostPolicyReconciler implements Reconciler<InferenceCostPolicy> {
  public static final String NAME = "inferencecostpolicy";
  private static final Logger LOG = LoggerFactory.getLogger(InferenceCostPolicyReconciler.class);
  static final Duration MIN_BACKOFF = Duration.ofSeconds(5);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final KubernetesClient client;
  private final PolicyValidator validator;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  /** Consecutive failed reconciles per policy uid, for exponential backoff. */
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  public InferenceCostPolicyReconciler(KubernetesClient client, PolicyValidator validator, EventRecorder events,
      OperatorMetrics metrics, Clock clock) {
    this.client = client;
    this.validator = validator;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public UpdateControl<InferenceCostPolicy> reconcile(InferenceCostPolicy policy, Context<InferenceCostPolicy> context) {
    Instant now = clock.instant();
    InferenceCostPolicyStatus status = policy.getStatus() != null ? policy.getStatus() : new InferenceCostPolicyStatus();
    policy.setStatus(status);
    Long generation = policy.getMetadata().getGeneration();
    status.observedGeneration = generation;
    InferenceCostPolicySpec spec = policy.getSpec();

    List<Violation> violations = validator.validate(spec);
    if (!violations.isEmpty()) {
      String message = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
      return fail(policy, now, "InvalidSpec", "Invalid spec, no workload changed: " + message);
    }

    String ns = policy.getMetadata().getNamespace();
    Deployment target = client.apps().deployments().inNamespace(ns).withName(spec.targetRef.name).get();
    if (target == null) {
      return fail(policy, now, "TargetNotFound", "spec.targetRef.name: Deployment " + ns + "/" + spec.targetRef.name
          + " not found; create it or point targetRef.name at an existing Deployment");
    }
    failures.remove(policy.getMetadata().getUid());

    int current = target.getSpec().getReplicas() == null ? 1 : target.getSpec().getReplicas();
    int desired = Math.max(spec.replicas.min, Math.min(spec.replicas.max, current));
    String reason = desired == current ? "WithinBounds" : desired > current ? "RaisedToMinimum" : "LoweredToMaximum";
    String message = "replicas " + current + " -> " + desired + " (bounds " + spec.replicas.min + ".." + spec.replicas.max
        + "); cost model not consulted yet";
    boolean enforce = Mode.Enforce.name().equals(spec.mode);

    if (enforce && desired != current) {
      client.apps().deployments().inNamespace(ns).withName(spec.targetRef.name).scale(desired);
      status.lastScaleTime = now.toString();
      metrics.scaled(ns, policy.getMetadata().getName());
      events.record(policy, EventRecorder.Type.Normal, reason, "Scaled " + message);
      LOG.info("{}/{}: scaled {} to {} replicas ({})", ns, policy.getMetadata().getName(), spec.targetRef.name,
          desired, reason);
    } else if (!enforce && desired != current) {
      events.record(policy, EventRecorder.Type.Normal, reason, "Recommend mode, not applied: " + message);
    }

    status.currentPlan = plan(enforce ? desired : current, null, null);
    status.recommendedPlan = plan(desired, reason, message);

    Conditions.set(status.conditions, Conditions.READY, true, enforce ? "Enforcing" : "Recommending",
        enforce ? "Plan applied to Deployment " + spec.targetRef.name : "Plan written to status only (mode Recommend)",
        generation, now);
    Conditions.set(status.conditions, Conditions.METRICS_AVAILABLE, false, "NotRead",
        "No metrics source is wired yet; replicas are only kept within bounds", generation, now);
    Conditions.unknown(status.conditions, Conditions.SLO_MET, "NoMetrics", "Latency not observed", generation, now);
    Conditions.unknown(status.conditions, Conditions.WITHIN_BUDGET, "NoMetrics", "Cost per token not observed",
        generation, now);
    metrics.reconciled("ok");
    return UpdateControl.patchStatus(policy).rescheduleAfter(Durations.parse(spec.reconcileInterval));
  }

  private UpdateControl<InferenceCostPolicy> fail(InferenceCostPolicy policy, Instant now, String reason, String message) {
    InferenceCostPolicyStatus status = policy.getStatus();
    Long generation = policy.getMetadata().getGeneration();
    Conditions.set(status.conditions, Conditions.READY, false, reason, message, generation, now);
    events.record(policy, EventRecorder.Type.Warning, reason, message);
    metrics.reconciled(reason);
    int attempt = failures.merge(policy.getMetadata().getUid(), 1, Integer::sum);
    LOG.warn("{}/{}: {} (attempt {})", policy.getMetadata().getNamespace(), policy.getMetadata().getName(), message, attempt);
    return UpdateControl.patchStatus(policy).rescheduleAfter(backoff(attempt));
  }

  /** 5s, 10s, 20s, ... capped at 5 minutes. */
  static Duration backoff(int attempt) {
    long factor = 1L << Math.min(attempt - 1, 16);
    Duration d = MIN_BACKOFF.multipliedBy(factor);
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  private static PlanStatus plan(int replicas, String reason, String message) {
    PlanStatus p = new PlanStatus();
    p.replicas = replicas;
    p.onDemandReplicas = replicas;
    p.spotReplicas = 0;
    p.reason = reason;
    p.message = message;
    return p;
  }
}
