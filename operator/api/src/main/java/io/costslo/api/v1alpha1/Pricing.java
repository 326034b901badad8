package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Pricing {
  @Min(0)
  @JsonPropertyDescription("On-demand USD per GPU-hour.")
  public Double onDemandUsdPerGpuHour;

  @Min(0)
  @JsonPropertyDescription("Spot USD per GPU-hour.")
  public Double spotUsdPerGpuHour;
}
