package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One covered policy as its quota sees it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QuotaPolicyStatus {
  public String namespace;
  public String name;
  public Integer priority;
  public Boolean keepSlo;
  @JsonPropertyDescription("USD per hour the policy wants: its cheapest plan meeting the objectives, or its spend when that is not known.")
  public Double wantedUsdPerHour;
  @JsonPropertyDescription("USD per hour this quota allows it.")
  public Double allowanceUsdPerHour;
  @JsonPropertyDescription("USD per hour it spends now.")
  public Double usdPerHour;
  public Double outputTokensPerSecond;
  @JsonPropertyDescription("The policy's SLOMet condition: True, False or Unknown.")
  public String sloMet;
  @JsonPropertyDescription("The quota that constrains the policy (this one, or a tighter one covering it too).")
  public String constrainedBy;
}
