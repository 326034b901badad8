package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TargetRef {
  @Default("Deployment")
  @Pattern("^Deployment$")
  @JsonPropertyDescription("Kind of the workload. Only Deployment is supported today.")
  public String kind = "Deployment";

  @Required
  @JsonPropertyDescription("Name of the workload in the policy's namespace.")
  public String name;
}
