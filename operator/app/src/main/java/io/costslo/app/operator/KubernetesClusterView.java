package io.costslo.app.operator;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.SpotSpec;
import io.costslo.app.policy.PolicyMapper;
import io.costslo.core.cycle.ClusterView;
import io.costslo.core.cycle.SpotEvidence;
import io.costslo.core.plan.Plan;
import io.costslo.core.units.Durations;
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
    Optional<HorizontalPodAutoscaler> hpa, Optional<Integer> runningBatchCap) {

  /** Why a policy cannot run its cycle now: it waits for the cluster to change. */
  static final class Blocked extends Exception {
    private final String reason;

    Blocked(String reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    String reason() {
      return reason;
    }
  }

  /**
   * @throws Blocked when an older policy manages the target, the target does not exist, or a
   *     Deployment this policy did not make holds the spot companion's name while spot is wanted
   */
  static KubernetesClusterView load(WorkloadCache cache, KubernetesClient client, InferenceCostPolicy policy)
      throws Blocked {
    String ns = policy.getMetadata().getNamespace();
    String targetName = policy.getSpec().targetRef.name;
    Optional<InferenceCostPolicy> winner = cache.policiesTargeting(ns, targetName).stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).findFirst();
    if (winner.isPresent() && !winner.get().getMetadata().getName().equals(policy.getMetadata().getName())) {
      throw new Blocked("TargetConflict", "spec.targetRef.name: Deployment " + ns + "/" + targetName
          + " is already managed by the older policy " + winner.get().getMetadata().getName()
          + "; one policy per workload, delete one of them or point this one elsewhere");
    }
    // Not in the cache: it may be newer than the informer's last event, so ask once before saying so.
    Deployment target = cache.deployment(ns, targetName)
        .orElseGet(() -> client.apps().deployments().inNamespace(ns).withName(targetName).get());
    if (target == null) {
      throw new Blocked("TargetNotFound", "spec.targetRef.name: Deployment " + ns + "/" + targetName
          + " not found; create it or point targetRef.name at an existing Deployment");
    }
    // A companion this policy created moments ago (status names it) may not have reached the cache
    // yet: ask once rather than create it twice.
    boolean made = policy.getStatus() != null && policy.getStatus().spot != null
        && policy.getStatus().spot.companion != null;
    Optional<Deployment> companion = cache.deployment(ns, SpotCompanion.name(targetName))
        .or(() -> made
            ? Optional.ofNullable(client.apps().deployments().inNamespace(ns).withName(SpotCompanion.name(targetName)).get())
            : Optional.empty());
    boolean conflict = companion.isPresent() && !SpotCompanion.ownedBy(companion.get(), policy);
    var view = new KubernetesClusterView(policy, target, conflict ? Optional.empty() : companion,
        cache.hpa(ns, targetName), BatchSetting.read(target.getSpec().getTemplate().getSpec(), policy.getSpec().batch));
    if (conflict && view.spotWanted()) {
      throw new Blocked("SpotCompanionConflict", "spec.capacity.spot: Deployment " + ns + "/"
          + view.spotCompanionName() + " exists and was not made by this policy; rename it, or disable spot");
    }
    return view;
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
