package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One point of the cost-latency frontier the plan was chosen from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FrontierPointStatus {
  public Integer onDemandReplicas;
  public Integer spotReplicas;
  public Integer batchCap;
  public Integer prefillChunk;
  public Double usdPerHour;
  public Double usdPerMillionTokens;
  public String ttft;
  public String itl;
  public Boolean meetsSlo;
  public Boolean withinBudget;
}
