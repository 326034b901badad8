package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Size;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TargetRef {
  @Default("Deployment")
  @Pattern("^Deployment$")
  @Size(max = Limits.MAX_WORD)
  @JsonPropertyDescription("Kind of the workload. Only Deployment is supported today.")
  public String kind = "Deployment";

  @Required
  @Size(min = 1, max = Limits.MAX_NAME)
  @JsonPropertyDescription("Name of the workload in the policy's namespace.")
  public String name;
}
