package io.costslo.app.operator;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The companion Deployment {@code <target>-spot} that runs a policy's spot replicas: the target's pod
 * template (so it follows every change to it) plus spot node selection and tolerations.
 *
 * <p>Label contract: the companion's pods carry every label of the target's pod template, so a
 * Service selecting the target's pods selects the spot pods too, plus
 * {@code costslo.io/capacity-type: spot}, which the companion's own selector adds so that its
 * ReplicaSets never adopt the target's pods.
 */
final class SpotCompanion {
  static final String SUFFIX = "-spot";
  static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String MANAGED_BY = "costslo";
  static final String LABEL_POLICY = "costslo.io/policy";
  static final String LABEL_CAPACITY_TYPE = "costslo.io/capacity-type";
  static final String SPOT = "spot";
  /** Hash of the desired pod template, so a changed target is noticed whatever the API server defaulted. */
  static final String ANNOTATION_TEMPLATE_HASH = "costslo.io/template-hash";

  private SpotCompanion() {}

  /** {@code <target>-spot}, hash-truncated to a name a Deployment can have. */
  static String name(String target) {
    return KubernetesNames.fit(target, SUFFIX, KubernetesNames.MAX_DEPLOYMENT_NAME);
  }

  /** Whether the Deployment is a companion this policy made (so a user's own "-spot" Deployment is never touched). */
  static boolean ownedBy(Deployment d, InferenceCostPolicy policy) {
    return d != null && d.getMetadata().getOwnerReferences() != null && d.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> policy.getMetadata().getUid().equals(o.getUid()));
  }

  /** Pod labels the companion selects on: the target's selector plus the capacity type. */
  static Map<String, String> selector(Deployment target) {
    Map<String, String> labels = new LinkedHashMap<>();
    LabelSelector s = target.getSpec().getSelector();
    if (s != null && s.getMatchLabels() != null) {
      labels.putAll(s.getMatchLabels());
    }
    labels.put(LABEL_CAPACITY_TYPE, SPOT);
    return labels;
  }

  /** The companion as it should be, with the given spot replicas. */
  static Deployment desired(InferenceCostPolicy policy, Deployment target, SpotPlacement placement, int replicas) {
    PodTemplateSpec template = Serialization.clone(target.getSpec().getTemplate());
    Map<String, String> podLabels = new LinkedHashMap<>();
    if (template.getMetadata().getLabels() != null) {
      podLabels.putAll(template.getMetadata().getLabels());
    }
    podLabels.put(LABEL_CAPACITY_TYPE, SPOT);
    template.getMetadata().setLabels(podLabels);
    var pod = template.getSpec();
    Map<String, String> nodeSelector = new LinkedHashMap<>();
    if (pod.getNodeSelector() != null) {
      nodeSelector.putAll(pod.getNodeSelector());
    }
    // The spot labels win over the target's own (e.g. karpenter.sh/capacity-type: on-demand).
    nodeSelector.putAll(placement.nodeSelector());
    pod.setNodeSelector(nodeSelector);
    List<Toleration> tolerations = new ArrayList<>(pod.getTolerations() == null ? List.of() : pod.getTolerations());
    placement.tolerations().stream().filter(t -> !tolerations.contains(t)).forEach(tolerations::add);
    pod.setTolerations(tolerations);

    LabelSelector selector = Serialization.clone(target.getSpec().getSelector());
    Map<String, String> match = new LinkedHashMap<>(selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels());
    match.put(LABEL_CAPACITY_TYPE, SPOT);
    selector.setMatchLabels(match);

    Map<String, String> labels = new LinkedHashMap<>();
    if (target.getMetadata().getLabels() != null) {
      labels.putAll(target.getMetadata().getLabels());
    }
    labels.put(LABEL_MANAGED_BY, MANAGED_BY);
    labels.put(LABEL_POLICY, KubernetesNames.labelValue(policy.getMetadata().getName()));
    labels.put(LABEL_CAPACITY_TYPE, SPOT);

    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name(target.getMetadata().getName()))
        .withNamespace(target.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(Map.of(ANNOTATION_TEMPLATE_HASH, hash(template)))
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion(policy.getApiVersion())
            .withKind(policy.getKind())
            .withName(policy.getMetadata().getName())
            .withUid(policy.getMetadata().getUid())
            .withController(true)
            .build())
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withSelector(selector)
        .withStrategy(target.getSpec().getStrategy())
        .withMinReadySeconds(target.getSpec().getMinReadySeconds())
        .withTemplate(template)
        .endSpec()
        .build();
  }

  static String templateHash(Deployment d) {
    return d.getMetadata().getAnnotations() == null ? null : d.getMetadata().getAnnotations().get(ANNOTATION_TEMPLATE_HASH);
  }

  static String hash(PodTemplateSpec template) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(Serialization.asJson(template).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
