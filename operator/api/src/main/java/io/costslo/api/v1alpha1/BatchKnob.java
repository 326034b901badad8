package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.argument) != has(self.env)", message = "batch needs exactly one of argument or env")
public class BatchKnob {
  @Size(max = Limits.MAX_LABEL)
  @JsonPropertyDescription("Container that runs the engine. Defaults to the pod's first container.")
  public String container;

  @Size(max = Limits.MAX_WORD)
  @JsonPropertyDescription("Command-line flag that sets the batch cap, e.g. --max-num-seqs.")
  public String argument;

  @Size(max = Limits.MAX_WORD)
  @JsonPropertyDescription("Environment variable that sets the batch cap. Use instead of argument.")
  public String env;

  @Required
  @Size(min = 1, max = Limits.MAX_BATCH_VALUES)
  @JsonPropertyDescription("Batch caps CostSLO may choose from, e.g. [32, 64, 128, 256].")
  public List<@Min(1) @Max(Limits.MAX_BATCH_CAP) Integer> allowedValues;
}
