package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.costslo.core.units.Durations;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Size;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.enabled) && self.enabled && has(self.preset) && self.preset == 'Custom') || (has(self.nodeSelector) && size(self.nodeSelector) > 0)", message = "preset Custom needs nodeSelector: the node labels of your spot nodes", fieldPath = ".nodeSelector")
public class SpotSpec {
  @Default("false")
  @JsonPropertyDescription("Allow spot replicas.")
  public Boolean enabled = false;

  @Default("0.5")
  @Min(0)
  @Max(1)
  @JsonPropertyDescription("Largest share of replicas that may be spot.")
  public Double maxShare = 0.5;

  @Min(0)
  @Max(Limits.MAX_REPLICAS)
  @JsonPropertyDescription("On-demand replicas kept whatever the spot price. When left out, enough on-demand replicas to carry the load if all spot vanishes.")
  public Integer minOnDemandReplicas;

  @Default("0.05")
  @Min(0)
  @Max(Limits.MAX_PREEMPTIONS_PER_HOUR)
  @JsonPropertyDescription("Expected preemptions per spot replica per hour.")
  public Double preemptionsPerHour = 0.05;

  @Default("5m")
  @Pattern(Durations.PATTERN)
  @Size(max = Limits.MAX_DURATION_TEXT)
  @ValidationRule(value = "duration(self) <= duration('" + Durations.MAX_CEL + "')", message = "spot.recoveryTime must be at most 8760h")
  @JsonPropertyDescription("Time to replace a preempted replica (node start plus model load).")
  public String recoveryTime = "5m";

  @Default("Karpenter")
  @SchemaFrom(type = SpotPreset.class)
  @JsonPropertyDescription("How spot nodes are selected: Karpenter, GKE, AKS, EKS or Custom.")
  public String preset = SpotPreset.Karpenter.name();

  @Size(max = Limits.MAX_SELECTOR_LABELS)
  @ValidationRule(value = "self.all(k, size(k) <= " + Limits.MAX_LABEL_KEY + ")", message = "nodeSelector keys must be at most 317 characters")
  @JsonPropertyDescription("Node labels spot pods must run on. Required for preset Custom; with another preset, added to the preset's selector.")
  public Map<String, @Size(max = Limits.MAX_LABEL) String> nodeSelector;

  @Size(max = Limits.MAX_TOLERATIONS)
  @ValidationRule(value = "self.all(t, (!has(t.key) || size(t.key) <= " + Limits.MAX_LABEL_KEY + ") && (!has(t.value) || size(t.value) <= " + Limits.MAX_LABEL + ") && (!has(t.operator) || t.operator in ['Exists', 'Equal']) && (!has(t.effect) || t.effect in ['NoSchedule', 'PreferNoSchedule', 'NoExecute']))", message = "tolerations: key at most 317 characters, value at most 63, operator Exists or Equal, effect NoSchedule, PreferNoSchedule or NoExecute")
  @JsonPropertyDescription("Tolerations for spot nodes' taints. With preset Custom the only ones added; with another preset, added to the preset's.")
  public List<Toleration> tolerations;

  @Default("5m")
  @Pattern(Durations.PATTERN)
  @Size(max = Limits.MAX_DURATION_TEXT)
  @ValidationRule(value = "duration(self) > duration('0s') && duration(self) <= duration('" + Durations.MAX_CEL + "')", message = "spot.pendingTimeout must be longer than 0 and at most 8760h")
  @JsonPropertyDescription("A spot pod Pending longer than this means no spot capacity: its share moves to on-demand.")
  public String pendingTimeout = "5m";

  @Default("15m")
  @Pattern(Durations.PATTERN)
  @Size(max = Limits.MAX_DURATION_TEXT)
  @ValidationRule(value = "duration(self) > duration('0s') && duration(self) <= duration('" + Durations.MAX_CEL + "')", message = "spot.healthyPeriod must be longer than 0 and at most 8760h")
  @JsonPropertyDescription("After a spot loss, spot is used again only once it has been free of preemptions, evictions and stuck pods for this long.")
  public String healthyPeriod = "15m";

  public enum SpotPreset {
    Karpenter,
    GKE,
    AKS,
    EKS,
    Custom
  }
}
