package io.costslo.app.operator;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What deleting a policy does to its workload: the companion's spot replicas move back to the
 * target, the companion goes, the original batch setting and HPA bounds come back. Each step can be
 * repeated after a crash without doubling: the replicas moved are marked on the target with the
 * companion's uid in the same patch that moves them.
 */
final class WorkloadRestore {
  /** The uid of the companion whose replicas were already added to the target. */
  static final String ANNOTATION_ABSORBED = "costslo.io/absorbed-companion";

  private WorkloadRestore() {}

  /** @return what was done, or null when there was nothing to restore */
  static String restore(KubernetesClient client, InferenceCostPolicy policy) {
    String ns = policy.getMetadata().getNamespace();
    String targetName = policy.getSpec().targetRef.name;
    var deployments = client.apps().deployments().inNamespace(ns);
    Deployment target = deployments.withName(targetName).get();
    Deployment companion = deployments.withName(SpotCompanion.name(targetName)).get();
    if (!SpotCompanion.ownedBy(companion, policy)) {
      companion = null;
    }
    List<String> done = new ArrayList<>();
    if (target == null) {
      if (companion != null) {
        deployments.withName(companion.getMetadata().getName()).delete();
        done.add("target Deployment " + targetName + " is gone; deleted Deployment " + companion.getMetadata().getName());
      }
      return done.isEmpty() ? null : String.join("; ", done);
    }
    var hpa = HpaBounds.find(client, ns, targetName);
    if (companion != null) {
      int spot = KubernetesPlanRealizer.replicas(companion);
      String companionUid = companion.getMetadata().getUid();
      boolean absorbed = companionUid.equals(annotation(target, ANNOTATION_ABSORBED));
      if (spot > 0 && hpa.isEmpty() && !absorbed) {
        int before = KubernetesPlanRealizer.replicas(target);
        target = deployments.withName(targetName).edit(d -> {
          d.getSpec().setReplicas(before + spot);
          d.getMetadata().setAnnotations(with(d.getMetadata().getAnnotations(), ANNOTATION_ABSORBED, companionUid));
          return d;
        });
        done.add("moved " + spot + " spot replica(s) to Deployment " + targetName + " (" + before + " -> "
            + (before + spot) + ")");
      }
      deployments.withName(companion.getMetadata().getName()).delete();
      done.add("deleted Deployment " + companion.getMetadata().getName());
    }
    if (hpa.isPresent() && HpaBounds.restore(client, hpa.get())) {
      done.add("restored the bounds of HorizontalPodAutoscaler " + hpa.get().getMetadata().getName());
    }
    String original = annotation(target, KubernetesPlanRealizer.ANNOTATION_ORIGINAL_BATCH);
    if (original != null || annotation(target, ANNOTATION_ABSORBED) != null) {
      var knob = policy.getSpec().batch;
      deployments.withName(targetName).edit(d -> {
        if (original != null && knob != null) {
          BatchSetting.write(d.getSpec().getTemplate().getSpec(), knob, original.isEmpty() ? null : Integer.valueOf(original));
        }
        d.getMetadata().getAnnotations().remove(KubernetesPlanRealizer.ANNOTATION_ORIGINAL_BATCH);
        d.getMetadata().getAnnotations().remove(ANNOTATION_ABSORBED);
        return d;
      });
      if (original != null && knob != null) {
        done.add("restored " + BatchSetting.describe(knob) + " " + (original.isEmpty() ? "(unset)" : original)
            + " on Deployment " + targetName);
      }
    }
    restoreChunk(deployments.withName(targetName), policy, done, targetName);
    return done.isEmpty() ? null : String.join("; ", done);
  }

  /** The prefill chunk's original value back on the target, as for the batch cap. */
  private static void restoreChunk(io.fabric8.kubernetes.client.dsl.RollableScalableResource<Deployment> resource,
      InferenceCostPolicy policy, List<String> done, String targetName) {
    Deployment now = resource.get();
    String original = now == null ? null : annotation(now, KubernetesPlanRealizer.ANNOTATION_ORIGINAL_CHUNK);
    if (original == null) {
      return;
    }
    var knob = BatchSetting.Knob.of(policy.getSpec().prefillChunk);
    resource.edit(d -> {
      if (knob != null) {
        BatchSetting.write(d.getSpec().getTemplate().getSpec(), knob, original.isEmpty() ? null : Integer.valueOf(original));
      }
      d.getMetadata().getAnnotations().remove(KubernetesPlanRealizer.ANNOTATION_ORIGINAL_CHUNK);
      return d;
    });
    if (knob != null) {
      done.add("restored " + BatchSetting.describe(knob) + " " + (original.isEmpty() ? "(unset)" : original)
          + " on Deployment " + targetName);
    }
  }

  private static String annotation(Deployment d, String key) {
    return d.getMetadata().getAnnotations() == null ? null : d.getMetadata().getAnnotations().get(key);
  }

  private static Map<String, String> with(Map<String, String> annotations, String key, String value) {
    Map<String, String> out = new java.util.LinkedHashMap<>(annotations == null ? Map.of() : annotations);
    out.put(key, value);
    return out;
  }
}
