package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The HorizontalPodAutoscaler that owns the target's replicas, whose bounds CostSLO sets instead. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HpaStatus {
  @JsonPropertyDescription("Name of the autoscaling/v2 HorizontalPodAutoscaler targeting the Deployment (keda-hpa-<name> for KEDA).")
  public String name;

  @JsonPropertyDescription("minReplicas CostSLO set: the planned on-demand replicas (at least 1).")
  public Integer minReplicas;

  @JsonPropertyDescription("maxReplicas CostSLO set: replicas.max minus the planned spot replicas (at least minReplicas).")
  public Integer maxReplicas;
}
