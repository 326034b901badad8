package io.costslo.app.quota;

import io.costslo.api.v1alpha1.ClusterCostQuota;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.app.operator.EventRecorder;
import io.costslo.app.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A quota for a team spanning namespaces: namespaces by label, then policies by label. */
@ControllerConfiguration(name = ClusterCostQuotaReconciler.NAME)
public class ClusterCostQuotaReconciler extends QuotaReconcilerBase<ClusterCostQuota> {
  public static final String NAME = "clustercostquota";

  public ClusterCostQuotaReconciler(KubernetesClient client, QuotaBook book, EventRecorder events,
      ChargebackMetrics metrics, OperatorSettings settings, Clock clock) {
    super(client, book, events, metrics, settings, clock);
  }

  @Override
  String key(ClusterCostQuota quota) {
    return quota.getMetadata().getName();
  }

  @Override
  LabelSelector namespaceSelector(ClusterCostQuota quota) {
    return quota.getSpec().namespaceSelector;
  }

  @Override
  List<InferenceCostPolicy> covered(ClusterCostQuota quota) {
    var policies = client.resources(InferenceCostPolicy.class).inAnyNamespace();
    LabelSelector selector = quota.getSpec().policySelector;
    List<InferenceCostPolicy> all = (selector == null ? policies : policies.withLabelSelector(selector)).list().getItems();
    LabelSelector nsSelector = quota.getSpec().namespaceSelector;
    if (nsSelector == null) {
      return all;
    }
    Set<String> namespaces = client.namespaces().withLabelSelector(nsSelector).list().getItems().stream()
        .map(Namespace::getMetadata).map(m -> m.getName()).collect(Collectors.toSet());
    return all.stream().filter(p -> namespaces.contains(p.getMetadata().getNamespace())).toList();
  }
}
