package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.argument) != has(self.env)", message = "batch needs exactly one of argument or env")
public class BatchKnob {
  @JsonPropertyDescription("Container that runs the engine. Defaults to the pod's first container.")
  public String container;

  @JsonPropertyDescription("Command-line flag that sets the batch cap, e.g. --max-num-seqs.")
  public String argument;

  @JsonPropertyDescription("Environment variable that sets the batch cap. Use instead of argument.")
  public String env;

  @Required
  @Size(min = 1)
  @JsonPropertyDescription("Batch caps CostSLO may choose from, e.g. [32, 64, 128, 256].")
  public List<Integer> allowedValues;
}
