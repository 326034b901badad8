package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlanStatus {
  public Integer replicas;
  public Integer onDemandReplicas;
  public Integer spotReplicas;
  public Integer batchCap;
  /** Tokens per engine step (e.g. vLLM --max-num-batched-tokens); absent while the engine's default runs. */
  public Integer prefillChunk;
  /** One CamelCase word, as in events. */
  public String reason;
  public String message;
  public Double predictedUsdPerHour;
  public Double predictedUsdPerMillionTokens;
  public String predictedTtft;
  public String predictedItl;
}
