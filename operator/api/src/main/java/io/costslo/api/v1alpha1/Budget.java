package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Budget {
  @Min(0)
  @Max(Limits.MAX_USD_PER_MILLION_TOKENS)
  @JsonPropertyDescription("Cost per token budget: maximum USD per 1M output tokens.")
  public Double maxUsdPerMillionTokens;

  @Min(0)
  @Max(Limits.MAX_USD_PER_HOUR)
  @JsonPropertyDescription("Spend cap: maximum fleet USD per hour.")
  public Double maxUsdPerHour;
}
