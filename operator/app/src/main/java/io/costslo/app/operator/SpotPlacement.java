package io.costslo.app.operator;

import io.costslo.api.v1alpha1.SpotSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where spot pods go: the node labels and tolerations of each platform's spot capacity, plus the
 * user's own (spec.capacity.spot.nodeSelector and tolerations), which are the only ones for Custom.
 */
record SpotPlacement(Map<String, String> nodeSelector, List<Toleration> tolerations) {

  static SpotPlacement of(SpotSpec spot) {
    Map<String, String> selector = new LinkedHashMap<>();
    List<Toleration> tolerations = new ArrayList<>();
    String preset = spot == null || spot.preset == null ? SpotSpec.SpotPreset.Karpenter.name() : spot.preset;
    switch (SpotSpec.SpotPreset.valueOf(preset)) {
      // Karpenter labels every node with its capacity type; spot NodePools are not tainted by default.
      case Karpenter -> selector.put("karpenter.sh/capacity-type", "spot");
      // GKE taints Spot VMs only when asked to, but tolerating the taint is harmless either way.
      case GKE -> {
        selector.put("cloud.google.com/gke-spot", "true");
        tolerations.add(noSchedule("cloud.google.com/gke-spot", "true"));
      }
      // AKS always taints spot node pools.
      case AKS -> {
        selector.put("kubernetes.azure.com/scalesetpriority", "spot");
        tolerations.add(noSchedule("kubernetes.azure.com/scalesetpriority", "spot"));
      }
      case EKS -> selector.put("eks.amazonaws.com/capacityType", "SPOT");
      case Custom -> { }
    }
    if (spot != null && spot.nodeSelector != null) {
      selector.putAll(spot.nodeSelector);
    }
    if (spot != null && spot.tolerations != null) {
      tolerations.addAll(spot.tolerations);
    }
    return new SpotPlacement(Map.copyOf(selector), List.copyOf(tolerations));
  }

  private static Toleration noSchedule(String key, String value) {
    return new TolerationBuilder().withKey(key).withOperator("Equal").withValue(value).withEffect("NoSchedule").build();
  }
}
