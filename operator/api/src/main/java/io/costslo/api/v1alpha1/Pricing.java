package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Pricing {
  @Min(0)
  @Max(Limits.MAX_USD_PER_GPU_HOUR)
  @JsonPropertyDescription("On-demand USD per GPU-hour.")
  public Double onDemandUsdPerGpuHour;

  @Min(0)
  @Max(Limits.MAX_USD_PER_GPU_HOUR)
  @JsonPropertyDescription("Spot USD per GPU-hour.")
  public Double spotUsdPerGpuHour;
}
