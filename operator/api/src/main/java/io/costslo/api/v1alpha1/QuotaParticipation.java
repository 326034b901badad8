package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How a policy takes part in the cost quotas covering it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QuotaParticipation {
  @Default("0")
  @Min(0)
  @Max(1000)
  @JsonPropertyDescription("When the covered policies together want more than a quota allows, higher priorities are served in full first; equal priorities share in proportion to what they want.")
  public Integer priority = 0;

  @Default("false")
  @JsonPropertyDescription("Served what its SLO needs before any priority, as far as the quota can pay for it. The allowance is a hard cap either way.")
  public Boolean keepSlo = false;
}
