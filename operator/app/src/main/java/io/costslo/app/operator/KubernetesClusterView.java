package io.costslo.app.operator;

import io.costslo.api.v1alpha1.Durations;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.SpotSpec;
import io.costslo.app.policy.PolicyMapper;
import io.costslo.core.cycle.ClusterView;
import io.costslo.core.cycle.SpotEvidence;
import io.costslo.core.plan.Plan;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the cluster holds for one policy, from the informer caches: the target, the spot companion
 * (only one this policy made), the HPA that owns the target's replicas, and the running batch cap.
 */
record KubernetesClusterView(InferenceCostPolicy policy, Deployment target, Optional<Deployment> companion,
    Optional<HorizontalPodAutoscaler> hpa, Optional<Integer> runningBatchCap, boolean companionConflict) {

  static KubernetesClusterView load(WorkloadCache cache, KubernetesClient client, InferenceCostPolicy policy,
      Deployment target) {
    String ns = policy.getMetadata().getNamespace();
    String targetName = policy.getSpec().targetRef.name;
    // A companion this policy created moments ago (status names it) may not have reached the cache
    // yet: ask once rather than create it twice.
    boolean made = policy.getStatus() != null && policy.getStatus().spot != null
        && policy.getStatus().spot.companion != null;
    Optional<Deployment> companion = cache.deployment(ns, SpotCompanion.name(targetName))
        .or(() -> made
            ? Optional.ofNullable(client.apps().deployments().inNamespace(ns).withName(SpotCompanion.name(targetName)).get())
            : Optional.empty());
    boolean conflict = companion.isPresent() && !SpotCompanion.ownedBy(companion.get(), policy);
    return new KubernetesClusterView(policy, target, conflict ? Optional.empty() : companion,
        cache.hpa(ns, targetName), BatchSetting.read(target.getSpec().getTemplate().getSpec(), policy.getSpec().batch),
        conflict);
  }

  boolean spotWanted() {
    SpotSpec s = policy.getSpec().capacity.spot;
    return s != null && Boolean.TRUE.equals(s.enabled);
  }

  String targetName() {
    return target.getMetadata().getName();
  }

  String spotCompanionName() {
    return SpotCompanion.name(targetName());
  }

  int maxReplicas() {
    return policy.getSpec().replicas.max;
  }

  Duration spotHealthyPeriod() {
    return Durations.parse(spot().healthyPeriod);
  }

  /** The core's view: running plan and spot evidence from the companion's pods. */
  ClusterView view(WorkloadCache cache, int defaultCap, Instant now) {
    int onDemand = target.getSpec().getReplicas() == null ? 1 : target.getSpec().getReplicas();
    int spot = KubernetesPlanRealizer.replicas(companion.orElse(null));
    int cap = policy.getSpec().batch == null ? defaultCap : runningBatchCap.orElse(PolicyMapper.ENGINE_DEFAULT_BATCH_CAP);
    Duration pendingTimeout = Durations.parse(spot().pendingTimeout);
    SpotEvidence evidence = spotWanted() || companion.isPresent()
        ? SpotHealth.evidence(pods(cache), pendingTimeout, now) : SpotEvidence.none(pendingTimeout);
    return new ClusterView(new Plan(onDemand, spot, cap, runningPrefillChunk()), evidence);
  }

  /** The chunk the target runs with when the policy has the knob (the engine default if unset), else empty. */
  OptionalInt runningPrefillChunk() {
    if (policy.getSpec().prefillChunk == null) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(BatchSetting.read(target.getSpec().getTemplate().getSpec(),
        BatchSetting.Knob.of(policy.getSpec().prefillChunk)).orElse(PolicyMapper.ENGINE_DEFAULT_PREFILL_CHUNK));
  }

  private List<io.fabric8.kubernetes.api.model.Pod> pods(WorkloadCache cache) {
    return cache.spotPods(target.getMetadata().getNamespace(), SpotCompanion.selector(target));
  }

  private SpotSpec spot() {
    return policy.getSpec().capacity.spot != null ? policy.getSpec().capacity.spot : new SpotSpec();
  }
}
