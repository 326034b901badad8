package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class QuotaPacing {
  @Default("2")
  @Min(1)
  @Max(10)
  @JsonPropertyDescription("How far above the even pace (what is left over the hours left) a peak hour may spend; 1 spends the period limit evenly.")
  public Double maxBurst = 2.0;
}
