package io.costslo.app.operator;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The workloads policies point at, read from JOSDK informers instead of GETs: target Deployments and
 * spot companions, HorizontalPodAutoscalers, and spot pods (label-selected). A change to any of them
 * is mapped back to the policies that target it (primary cache index by target), which then
 * reconcile: any add or delete, a Deployment whose pod template or selector changed, an HPA whose spec
 * changed, any spot pod change.
 */
final class WorkloadCache {
  /** Primary cache index: "namespace/targetName" of each policy. */
  static final String TARGET_INDEX = "costslo-target";

  private final IndexerResourceCache<InferenceCostPolicy> policies;
  private final InformerEventSource<Deployment, InferenceCostPolicy> deployments;
  private final InformerEventSource<HorizontalPodAutoscaler, InferenceCostPolicy> hpas;
  private final InformerEventSource<Pod, InferenceCostPolicy> spotPods;

  WorkloadCache(EventSourceContext<InferenceCostPolicy> context) {
    policies = context.getPrimaryCache();
    policies.addIndexer(TARGET_INDEX, p -> targetKey(p).map(List::of).orElse(List.of()));
    deployments = new InformerEventSource<>(InformerEventSourceConfiguration.from(Deployment.class,
            InferenceCostPolicy.class).withName("deployments")
        .withSecondaryToPrimaryMapper(this::deploymentPolicies)
        // Replicas and status change all the time (our own scale writes among them): only a changed pod
        // template or selector needs a reconcile now; the rest is read at the next interval.
        .withOnUpdateFilter((now, before) -> !java.util.Objects.equals(now.getSpec().getTemplate(),
            before.getSpec().getTemplate()) || !java.util.Objects.equals(now.getSpec().getSelector(),
            before.getSpec().getSelector()))
        .build(), context);
    hpas = new InformerEventSource<>(InformerEventSourceConfiguration.from(HorizontalPodAutoscaler.class,
            InferenceCostPolicy.class).withName("hpas")
        .withSecondaryToPrimaryMapper(h -> h.getSpec() == null || h.getSpec().getScaleTargetRef() == null ? Set.of()
            : targeting(h.getMetadata().getNamespace(), h.getSpec().getScaleTargetRef().getName()))
        // The HPA controller writes its status constantly; a spec change (a new generation) matters.
        .withOnUpdateFilter((now, before) -> !java.util.Objects.equals(now.getMetadata().getGeneration(),
            before.getMetadata().getGeneration()))
        .build(), context);
    spotPods = new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, InferenceCostPolicy.class)
        .withName("spot-pods")
        .withLabelSelector(SpotCompanion.LABEL_CAPACITY_TYPE + "=" + SpotCompanion.SPOT)
        .withSecondaryToPrimaryMapper(p -> targeting(p.getMetadata().getNamespace(), podTarget(p)))
        .build(), context);
  }

  List<EventSource<?, InferenceCostPolicy>> eventSources() {
    return List.of(deployments, hpas, spotPods);
  }

  Optional<Deployment> deployment(String namespace, String name) {
    return deployments.get(new ResourceID(name, namespace));
  }

  /** The autoscaling/v2 HPA (a KEDA ScaledObject's keda-hpa-<name> included) that scales the Deployment. */
  Optional<HorizontalPodAutoscaler> hpa(String namespace, String deployment) {
    return hpas.list(namespace, h -> h.getSpec() != null && h.getSpec().getScaleTargetRef() != null
            && "Deployment".equals(h.getSpec().getScaleTargetRef().getKind())
            && deployment.equals(h.getSpec().getScaleTargetRef().getName()))
        .min((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()));
  }

  /** Spot pods whose labels match all of the selector's. */
  List<Pod> spotPods(String namespace, Map<String, String> selector) {
    return spotPods.list(namespace, p -> p.getMetadata().getLabels() != null
        && p.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();
  }

  /** Every policy in the namespace that targets the Deployment, oldest first (then by name). */
  List<InferenceCostPolicy> policiesTargeting(String namespace, String target) {
    return policies.byIndex(TARGET_INDEX, namespace + "/" + target).stream()
        .sorted(WorkloadCache::oldestFirst).toList();
  }

  static int oldestFirst(InferenceCostPolicy a, InferenceCostPolicy b) {
    String ta = a.getMetadata().getCreationTimestamp();
    String tb = b.getMetadata().getCreationTimestamp();
    int byTime = ta == null || tb == null ? 0
        : java.time.Instant.parse(ta).compareTo(java.time.Instant.parse(tb));
    return byTime != 0 ? byTime : a.getMetadata().getName().compareTo(b.getMetadata().getName());
  }

  private Set<ResourceID> targeting(String namespace, String target) {
    if (target == null) {
      return Set.of();
    }
    return policies.byIndex(TARGET_INDEX, namespace + "/" + target).stream().map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  static Optional<String> targetKey(InferenceCostPolicy p) {
    return p.getSpec() == null || p.getSpec().targetRef == null || p.getSpec().targetRef.name == null
        ? Optional.empty() : Optional.of(p.getMetadata().getNamespace() + "/" + p.getSpec().targetRef.name);
  }

  /** A Deployment is a target itself, and "<target>-spot" is also its target's companion. */
  private Set<ResourceID> deploymentPolicies(Deployment d) {
    String ns = d.getMetadata().getNamespace();
    String name = d.getMetadata().getName();
    Set<ResourceID> ids = new java.util.HashSet<>(targeting(ns, name));
    if (name.endsWith(SpotCompanion.SUFFIX)) {
      ids.addAll(targeting(ns, name.substring(0, name.length() - SpotCompanion.SUFFIX.length())));
    }
    return ids;
  }

  /** A spot pod belongs to ReplicaSet "<target>-spot-<hash>". */
  private static String podTarget(HasMetadata pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    if (owners == null) {
      return null;
    }
    for (OwnerReference o : owners) {
      String rs = o.getName();
      int dash = rs == null ? -1 : rs.lastIndexOf('-');
      if ("ReplicaSet".equals(o.getKind()) && dash > 0 && rs.substring(0, dash).endsWith(SpotCompanion.SUFFIX)) {
        String companion = rs.substring(0, dash);
        return companion.substring(0, companion.length() - SpotCompanion.SUFFIX.length());
      }
    }
    return null;
  }
}
