package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PriceCatalogSpec {
  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9][a-z0-9-]*$")
  @JsonPropertyDescription("The region the cluster's GPUs run in, e.g. us-east-1; entries of other regions are kept for reference and not used.")
  public String region;

  @Size(max = 500)
  @JsonPropertyDescription("Prices per GPU type and capacity type, each with its effective dates and source.")
  public List<PriceEntry> prices;
}
