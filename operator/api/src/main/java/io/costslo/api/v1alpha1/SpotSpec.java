package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
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
  @JsonPropertyDescription("On-demand replicas kept whatever the spot price. When left out, enough on-demand replicas to carry the load if all spot vanishes.")
  public Integer minOnDemandReplicas;

  @Default("0.05")
  @Min(0)
  @JsonPropertyDescription("Expected preemptions per spot replica per hour.")
  public Double preemptionsPerHour = 0.05;

  @Default("5m")
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription("Time to replace a preempted replica (node start plus model load).")
  public String recoveryTime = "5m";

  @Default("Karpenter")
  @Pattern("^(Karpenter|GKE|AKS|EKS|Custom)$")
  @JsonPropertyDescription("How spot nodes are selected: Karpenter, GKE, AKS, EKS or Custom.")
  public String preset = SpotPreset.Karpenter.name();

  @JsonPropertyDescription("Node labels spot pods must run on. Required for preset Custom; with another preset, added to the preset's selector.")
  public Map<String, String> nodeSelector;

  @JsonPropertyDescription("Tolerations for spot nodes' taints. With preset Custom the only ones added; with another preset, added to the preset's.")
  public List<Toleration> tolerations;

  @Default("5m")
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription("A spot pod Pending longer than this means no spot capacity: its share moves to on-demand.")
  public String pendingTimeout = "5m";

  @Default("15m")
  @Pattern(Durations.PATTERN)
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
