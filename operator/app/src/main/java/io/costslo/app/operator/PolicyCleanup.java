package io.costslo.app.operator;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.InferenceCostPolicySpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a deleted policy leaves behind: its series on /metrics and its metrics source are dropped,
 * and the workload is put back as it would be without CostSLO ({@link WorkloadRestore}), so it keeps
 * serving after the policy is gone.
 */
final class PolicyCleanup {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyCleanup.class);

  private final KubernetesClient client;
  private final OperatorMetrics metrics;
  private final MetricsSourceFactory metricsSources;
  private final EventRecorder events;

  PolicyCleanup(KubernetesClient client, OperatorMetrics metrics, MetricsSourceFactory metricsSources,
      EventRecorder events) {
    this.client = client;
    this.metrics = metrics;
    this.metricsSources = metricsSources;
    this.events = events;
  }

  void run(InferenceCostPolicy policy) {
    String ns = policy.getMetadata().getNamespace();
    String name = policy.getMetadata().getName();
    metrics.forget(ns, name);
    metricsSources.forget(policy.getMetadata().getUid());
    InferenceCostPolicySpec spec = policy.getSpec();
    if (spec == null || spec.targetRef == null || spec.targetRef.name == null) {
      return;
    }
    String message = WorkloadRestore.restore(client, policy);
    if (message != null) {
      events.record(policy, EventRecorder.Type.Normal, "WorkloadRestored", message);
      LOG.info("{}/{}: {}", ns, name, message);
    }
  }
}
