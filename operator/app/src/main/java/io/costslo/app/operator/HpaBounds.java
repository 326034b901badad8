package io.costslo.app.operator;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/** Finds the autoscaling/v2 HorizontalPodAutoscaler (a KEDA ScaledObject's keda-hpa-<name> included) that owns a Deployment's replicas. */
final class HpaBounds {
  /** Written once on the HPA before CostSLO first sets its bounds: "min,max" as the user had them. */
  static final String ANNOTATION_ORIGINAL_BOUNDS = "costslo.io/original-bounds";

  private HpaBounds() {}

  static Optional<HorizontalPodAutoscaler> find(KubernetesClient client, String namespace, String deployment) {
    return client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace).list().getItems().stream()
        .filter(h -> h.getSpec() != null && h.getSpec().getScaleTargetRef() != null)
        .filter(h -> "Deployment".equals(h.getSpec().getScaleTargetRef().getKind())
            && deployment.equals(h.getSpec().getScaleTargetRef().getName()))
        .findFirst();
  }

  /** Puts back the bounds CostSLO found, and forgets them. */
  static boolean restore(KubernetesClient client, HorizontalPodAutoscaler hpa) {
    String original = hpa.getMetadata().getAnnotations() == null ? null
        : hpa.getMetadata().getAnnotations().get(ANNOTATION_ORIGINAL_BOUNDS);
    if (original == null) {
      return false;
    }
    String[] parts = original.split(",", -1);
    client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(hpa.getMetadata().getNamespace())
        .withName(hpa.getMetadata().getName()).edit(h -> {
          h.getSpec().setMinReplicas(parts[0].isEmpty() ? null : Integer.valueOf(parts[0]));
          h.getSpec().setMaxReplicas(Integer.valueOf(parts[1]));
          h.getMetadata().getAnnotations().remove(ANNOTATION_ORIGINAL_BOUNDS);
          return h;
        });
    return true;
  }
}
