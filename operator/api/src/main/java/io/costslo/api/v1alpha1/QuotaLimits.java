package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class QuotaLimits {
  @Min(0)
  @Max(1.0e7)
  @JsonPropertyDescription("USD per hour across all covered policies.")
  public Double maxUsdPerHour;

  @JsonPropertyDescription("USD per day, week or month across all covered policies, paced over the period.")
  public QuotaPeriod period;

  @Min(0)
  @Max(1.0e6)
  @JsonPropertyDescription("Average cost per token of the covered policies together: USD per 1M output tokens.")
  public Double maxUsdPerMillionTokens;
}
