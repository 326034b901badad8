package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One past decision: when, the plan, and its reason. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DecisionRecordStatus {
  /** RFC 3339 time of the decision. */
  public String at;
  public Integer onDemandReplicas;
  public Integer spotReplicas;
  public Integer batchCap;
  public String reason;

  public DecisionRecordStatus() {}

  public DecisionRecordStatus(String at, Integer onDemandReplicas, Integer spotReplicas, Integer batchCap,
      String reason) {
    this.at = at;
    this.onDemandReplicas = onDemandReplicas;
    this.spotReplicas = spotReplicas;
    this.batchCap = batchCap;
    this.reason = reason;
  }
}
