package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.api.v1alpha1.SpotSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each preset's spot node labels and tolerations, and the user's own for Custom. */
class SpotPlacementTest {

  private static SpotSpec spot(String preset) {
    SpotSpec s = new SpotSpec();
    s.enabled = true;
    s.preset = preset;
    return s;
  }

  @Test
  void presets() {
    assertThat(SpotPlacement.of(spot("Karpenter")).nodeSelector()).isEqualTo(Map.of("karpenter.sh/capacity-type", "spot"));
    assertThat(SpotPlacement.of(spot("Karpenter")).tolerations()).isEmpty();
    assertThat(SpotPlacement.of(spot("EKS")).nodeSelector()).isEqualTo(Map.of("eks.amazonaws.com/capacityType", "SPOT"));
    SpotPlacement gke = SpotPlacement.of(spot("GKE"));
    assertThat(gke.nodeSelector()).isEqualTo(Map.of("cloud.google.com/gke-spot", "true"));
    assertThat(gke.tolerations()).extracting(Toleration::getKey, Toleration::getOperator, Toleration::getValue,
        Toleration::getEffect).containsExactly(org.assertj.core.groups.Tuple.tuple("cloud.google.com/gke-spot", "Equal",
        "true", "NoSchedule"));
    SpotPlacement aks = SpotPlacement.of(spot("AKS"));
    assertThat(aks.nodeSelector()).isEqualTo(Map.of("kubernetes.azure.com/scalesetpriority", "spot"));
    assertThat(aks.tolerations()).extracting(Toleration::getKey, Toleration::getValue)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("kubernetes.azure.com/scalesetpriority", "spot"));
  }

  @Test
  void customUsesOnlyTheUsersSelectorAndTolerations() {
    SpotSpec s = spot("Custom");
    s.nodeSelector = Map.of("pool", "cheap");
    s.tolerations = List.of(new TolerationBuilder().withKey("cheap").withOperator("Exists").withEffect("NoSchedule").build());
    SpotPlacement p = SpotPlacement.of(s);
    assertThat(p.nodeSelector()).isEqualTo(Map.of("pool", "cheap"));
    assertThat(p.tolerations()).extracting(Toleration::getKey).containsExactly("cheap");
  }

  @Test
  void userSelectorIsAddedToAPreset() {
    SpotSpec s = spot("Karpenter");
    s.nodeSelector = Map.of("karpenter.sh/nodepool", "gpu-spot");
    assertThat(SpotPlacement.of(s).nodeSelector()).containsEntry("karpenter.sh/capacity-type", "spot")
        .containsEntry("karpenter.sh/nodepool", "gpu-spot");
  }
}
