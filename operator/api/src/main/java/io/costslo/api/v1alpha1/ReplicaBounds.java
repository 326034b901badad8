package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.min <= self.max", message = "replicas.min must be less than or equal to replicas.max")
public class ReplicaBounds {
  @Required
  @Min(0)
  @Max(Limits.MAX_REPLICAS)
  @JsonPropertyDescription("Fewest replicas, on-demand plus spot.")
  public Integer min;

  @Required
  @Min(1)
  @Max(Limits.MAX_REPLICAS)
  @JsonPropertyDescription("Most replicas, on-demand plus spot.")
  public Integer max;
}
