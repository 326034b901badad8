package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Budget {
  @Min(0)
  @JsonPropertyDescription("Cost per token budget: maximum USD per 1M output tokens.")
  public Double maxUsdPerMillionTokens;

  @Min(0)
  @JsonPropertyDescription("Spend cap: maximum fleet USD per hour.")
  public Double maxUsdPerHour;
}
