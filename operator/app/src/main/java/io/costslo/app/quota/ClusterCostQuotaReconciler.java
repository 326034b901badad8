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
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A quota for a team spanning namespaces: namespaces by label, then policies by label, both from informer caches. */
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
    LabelSelector selector = quota.getSpec().policySelector;
    LabelSelector nsSelector = quota.getSpec().namespaceSelector;
    Set<String> inScope = nsSelector == null ? null : namespaces.list(n -> LabelSelectors.matches(nsSelector,
        n.getMetadata().getLabels())).map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
    return policies.list(p -> LabelSelectors.matches(selector, p.getMetadata().getLabels())
        && (inScope == null || inScope.contains(p.getMetadata().getNamespace()))).toList();
  }

  @Override
  Set<ResourceID> mayCover(InferenceCostPolicy policy, IndexerResourceCache<ClusterCostQuota> quotas) {
    return all(quotas);
  }

  @Override
  InformerEventSourceConfiguration.Builder<InferenceCostPolicy> scope(
      InformerEventSourceConfiguration.Builder<InferenceCostPolicy> b) {
    return b.withWatchAllNamespaces();
  }

  /** Namespaces, for the namespace selector: a relabelled, new or deleted namespace reconciles every cluster quota. */
  @Override
  List<EventSource<?, ClusterCostQuota>> moreEventSources(EventSourceContext<ClusterCostQuota> context) {
    IndexerResourceCache<ClusterCostQuota> quotas = context.getPrimaryCache();
    namespaces = new InformerEventSource<>(InformerEventSourceConfiguration.from(Namespace.class, ClusterCostQuota.class)
        .withName("namespaces").withWatchAllNamespaces()
        .withSecondaryToPrimaryMapper(n -> all(quotas))
        .withOnUpdateFilter((now, before) -> !java.util.Objects.equals(now.getMetadata().getLabels(),
            before.getMetadata().getLabels()))
        .build(), context);
    return List.of(namespaces);
  }

  private InformerEventSource<Namespace, ClusterCostQuota> namespaces;

  private static Set<ResourceID> all(IndexerResourceCache<ClusterCostQuota> quotas) {
    return quotas.list().map(ResourceID::fromResource).collect(Collectors.toSet());
  }
}
