package io.costslo.app.quota;

import io.costslo.api.v1alpha1.CostQuota;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.app.operator.EventRecorder;
import io.costslo.app.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.time.Clock;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A team's quota over the policies of its namespace that match its selector. */
@ControllerConfiguration(name = CostQuotaReconciler.NAME)
public class CostQuotaReconciler extends QuotaReconcilerBase<CostQuota> {
  public static final String NAME = "costquota";

  public CostQuotaReconciler(KubernetesClient client, QuotaBook book, EventRecorder events, ChargebackMetrics metrics,
      OperatorSettings settings, Clock clock) {
    super(client, book, events, metrics, settings, clock);
  }

  @Override
  String key(CostQuota quota) {
    return quota.getMetadata().getNamespace() + "/" + quota.getMetadata().getName();
  }

  @Override
  LabelSelector namespaceSelector(CostQuota quota) {
    return null;
  }

  @Override
  List<InferenceCostPolicy> covered(CostQuota quota) {
    LabelSelector selector = quota.getSpec().policySelector;
    return policies.list(quota.getMetadata().getNamespace(),
        p -> LabelSelectors.matches(selector, p.getMetadata().getLabels())).toList();
  }

  /** Every quota of the policy's namespace: one it joins or one it leaves. */
  @Override
  Set<ResourceID> mayCover(InferenceCostPolicy policy, IndexerResourceCache<CostQuota> quotas) {
    return quotas.list(policy.getMetadata().getNamespace()).map(ResourceID::fromResource).collect(Collectors.toSet());
  }
}
