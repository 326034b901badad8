package io.costslo.app.operator;

import io.costslo.api.v1alpha1.BatchKnob;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.PrefillChunkKnob;
import io.costslo.app.policy.PolicyMapper;
import io.costslo.core.cycle.Actuation;
import io.costslo.core.cycle.PlanRealizer;
import io.costslo.core.plan.Plan;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes a plan real: the batch cap and prefill chunk in the target's pod template, the spot replicas on the companion
 * Deployment (created on first need, its template copied from the target on every call), and the
 * on-demand replicas on the target, or on its HorizontalPodAutoscaler's bounds when one owns the
 * replicas. Every write is computed from what the cluster holds, so calling it again with the same
 * plan writes nothing, and an interrupted call is finished by the next one.
 *
 * <p>Order: batch first (the companion copies the new template), then whichever Deployment grows,
 * then whichever shrinks, so a re-split never dips below the smaller of the old and new totals.
 */
final class KubernetesPlanRealizer implements PlanRealizer {
  /** Written once on the target before the first batch change; deletion puts this value back ("" = unset). */
  static final String ANNOTATION_ORIGINAL_BATCH = "costslo.io/original-batch-cap";
  /** The same for the prefill chunk (spec.prefillChunk). */
  static final String ANNOTATION_ORIGINAL_CHUNK = "costslo.io/original-prefill-chunk";

  /**
   * Called before the first step ("begin") and after each step; tests throw from it to stop the
   * operator halfway through a plan (and keep throwing, so a retry does not finish it).
   */
  interface StepHook {
    StepHook NONE = step -> { };

    void after(String step);
  }

  private final KubernetesClient client;
  private final InferenceCostPolicy policy;
  private final String namespace;
  private final String targetName;
  private final SpotPlacement placement;
  private final BatchKnob knob;
  private final PrefillChunkKnob chunkKnob;
  private final int maxReplicas;
  private final StepHook hook;
  private Deployment target;
  private Deployment companion;
  private final HorizontalPodAutoscaler hpa;
  private final List<Actuation> changes = new ArrayList<>();
  private Plan realized;

  KubernetesPlanRealizer(KubernetesClient client, InferenceCostPolicy policy, Deployment target, Deployment companion,
      HorizontalPodAutoscaler hpa, SpotPlacement placement, StepHook hook) {
    this.client = client;
    this.policy = policy;
    this.namespace = policy.getMetadata().getNamespace();
    this.target = target;
    this.targetName = target.getMetadata().getName();
    this.companion = companion;
    this.hpa = hpa;
    this.placement = placement;
    this.knob = policy.getSpec().batch;
    this.chunkKnob = policy.getSpec().prefillChunk;
    this.maxReplicas = policy.getSpec().replicas.max;
    this.hook = hook;
  }

  @Override
  public void realize(String policyKey, Plan plan) {
    if (plan.equals(realized)) {
      return;
    }
    changes.clear();
    hook.after("begin");
    batch(plan.batchCap());
    prefillChunk(plan);
    int companionNow = replicas(companion);
    boolean companionNeeded = plan.spotReplicas() > 0 || companion != null;
    if (companionNeeded && plan.spotReplicas() >= companionNow) {
      companion(plan.spotReplicas());
    }
    onDemand(plan);
    if (companionNeeded && plan.spotReplicas() < companionNow) {
      companion(plan.spotReplicas());
    }
    realized = plan;
  }

  @Override
  public List<Actuation> lastChanges() {
    return List.copyOf(changes);
  }

  Optional<HorizontalPodAutoscaler> hpa() {
    return Optional.ofNullable(hpa);
  }

  static int replicas(Deployment d) {
    return d == null || d.getSpec().getReplicas() == null ? 0 : d.getSpec().getReplicas();
  }

  private void batch(int cap) {
    if (knob != null) {
      setting(BatchSetting.Knob.of(knob), PolicyMapper.ENGINE_DEFAULT_BATCH_CAP, cap, ANNOTATION_ORIGINAL_BATCH,
          "BatchCapChanged", "batch");
    }
  }

  /** The chunk on the target's template (the companion copies it); an empty chunk leaves the engine's setting. */
  private void prefillChunk(Plan plan) {
    if (chunkKnob != null && plan.prefillChunk().isPresent()) {
      setting(BatchSetting.Knob.of(chunkKnob), PolicyMapper.ENGINE_DEFAULT_PREFILL_CHUNK, plan.prefillChunk().getAsInt(),
          ANNOTATION_ORIGINAL_CHUNK, "PrefillChunkChanged", "prefillChunk");
    }
  }

  /** One batch setting on the target's pod template, its original kept in an annotation on first change. */
  private void setting(BatchSetting.Knob where, int engineDefault, int value, String originalAnnotation, String reason,
      String step) {
    Optional<Integer> original = BatchSetting.read(target.getSpec().getTemplate().getSpec(), where);
    int running = original.orElse(engineDefault);
    if (running == value) {
      return;
    }
    target = client.apps().deployments().inNamespace(namespace).withName(targetName).edit(d -> {
      Map<String, String> annotations = new LinkedHashMap<>(
          d.getMetadata().getAnnotations() == null ? Map.of() : d.getMetadata().getAnnotations());
      // Written once, in the same patch as the first change, so the original survives any crash.
      annotations.putIfAbsent(originalAnnotation, original.map(String::valueOf).orElse(""));
      d.getMetadata().setAnnotations(annotations);
      BatchSetting.write(d.getSpec().getTemplate().getSpec(), where, value);
      return d;
    });
    changes.add(new Actuation(reason, BatchSetting.describe(where) + " " + running + " -> " + value
        + " on Deployment " + targetName + (companion != null ? " and " + companion.getMetadata().getName() : "")
        + "; pods roll out under the Deployment's update strategy", Actuation.Kind.BATCH));
    hook.after(step);
  }

  private void companion(int spot) {
    Deployment desired = SpotCompanion.desired(policy, target, placement, spot);
    String name = desired.getMetadata().getName();
    if (companion == null) {
      companion = client.apps().deployments().inNamespace(namespace).resource(desired).create();
      changes.add(new Actuation("SpotCompanionCreated", "Deployment " + name + " created for spot replicas (node selector "
          + placement.nodeSelector() + ", " + placement.tolerations().size() + " toleration(s)) with " + spot
          + " replica(s)", spot > 0 ? Actuation.Kind.REPLICAS : Actuation.Kind.OTHER));
      hook.after("companion");
      return;
    }
    int before = replicas(companion);
    boolean templateChanged = !SpotCompanion.hash(desired.getSpec().getTemplate()).equals(SpotCompanion.templateHash(companion));
    if (before == spot && !templateChanged) {
      return;
    }
    companion = client.apps().deployments().inNamespace(namespace).withName(name).edit(d -> {
      d.getSpec().setReplicas(spot);
      d.getSpec().setTemplate(desired.getSpec().getTemplate());
      d.getSpec().setStrategy(desired.getSpec().getStrategy());
      d.getMetadata().setLabels(desired.getMetadata().getLabels());
      Map<String, String> annotations = new LinkedHashMap<>(
          d.getMetadata().getAnnotations() == null ? Map.of() : d.getMetadata().getAnnotations());
      annotations.putAll(desired.getMetadata().getAnnotations());
      d.getMetadata().setAnnotations(annotations);
      return d;
    });
    if (before != spot) {
      changes.add(new Actuation("SpotReplicasChanged", "Deployment " + name + " spot replicas " + before + " -> " + spot,
          Actuation.Kind.REPLICAS));
    }
    if (templateChanged) {
      changes.add(new Actuation("SpotTemplateSynced", "Deployment " + name + " pod template copied from " + targetName
          + " with spot placement", Actuation.Kind.OTHER));
    }
    hook.after("companion");
  }

  private void onDemand(Plan plan) {
    int wanted = plan.onDemandReplicas();
    if (hpa != null) {
      hpaBounds(plan);
      return;
    }
    int before = replicas(target);
    if (target.getSpec().getReplicas() != null && before == wanted) {
      return;
    }
    // One merge patch of spec.replicas: Fabric8's scale(int) reads the Scale first and the Deployment
    // after (three requests), and neither answer is used here. Unconditional, as the read-then-write was
    // in effect; a concurrent pod-template edit is not touched.
    client.apps().deployments().inNamespace(namespace).withName(targetName)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + wanted + "}}");
    changes.add(new Actuation("OnDemandReplicasChanged", "Deployment " + targetName + " on-demand replicas " + before
        + " -> " + wanted, Actuation.Kind.REPLICAS));
    hook.after("target");
  }

  /**
   * The HPA keeps the replicas: CostSLO raises or lowers its floor to the planned on-demand replicas
   * and caps it so on-demand plus spot stays within replicas.max. Between the two the HPA scales on
   * its own metric, so the two never write the same field.
   */
  private void hpaBounds(Plan plan) {
    int min = hpaMin(plan);
    int max = hpaMax(plan, maxReplicas);
    var spec = hpa.getSpec();
    int oldMin = spec.getMinReplicas() == null ? 1 : spec.getMinReplicas();
    if (oldMin == min && spec.getMaxReplicas() == max) {
      return;
    }
    String name = hpa.getMetadata().getName();
    client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace).withName(name).edit(h -> {
      Map<String, String> annotations = new LinkedHashMap<>(
          h.getMetadata().getAnnotations() == null ? Map.of() : h.getMetadata().getAnnotations());
      annotations.putIfAbsent(HpaBounds.ANNOTATION_ORIGINAL_BOUNDS,
          (h.getSpec().getMinReplicas() == null ? "" : h.getSpec().getMinReplicas()) + "," + h.getSpec().getMaxReplicas());
      h.getMetadata().setAnnotations(annotations);
      h.getSpec().setMinReplicas(min);
      h.getSpec().setMaxReplicas(max);
      return h;
    });
    changes.add(new Actuation("HPABoundsChanged", "HorizontalPodAutoscaler " + name + " owns " + targetName
        + "'s replicas, so its bounds were set instead: minReplicas " + oldMin + " -> " + min + ", maxReplicas "
        + spec.getMaxReplicas() + " -> " + max, Actuation.Kind.REPLICAS));
    hook.after("hpa");
  }

  static int hpaMin(Plan plan) {
    return Math.max(1, plan.onDemandReplicas());
  }

  static int hpaMax(Plan plan, int maxReplicas) {
    return Math.max(hpaMin(plan), maxReplicas - plan.spotReplicas());
  }
}
