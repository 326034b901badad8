package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.min <= self.max", message = "replicas.min must be less than or equal to replicas.max")
public class ReplicaBounds {
  @Required
  @Min(0)
  @JsonPropertyDescription("Fewest replicas, on-demand plus spot.")
  public Integer min;

  @Required
  @Min(1)
  @JsonPropertyDescription("Most replicas, on-demand plus spot.")
  public Integer max;
}
