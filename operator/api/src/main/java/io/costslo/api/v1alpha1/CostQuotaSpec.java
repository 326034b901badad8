package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.costslo.core.units.Durations;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** The user's half of a quota. CostSLO never writes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CostQuotaSpec {
  @JsonPropertyDescription("Which InferenceCostPolicies the quota covers, by their labels. Left out or empty: every policy in scope.")
  public LabelSelector policySelector;

  @Required
  @JsonPropertyDescription("What the covered policies may spend together. A quota without any limit only measures.")
  public QuotaLimits limits;

  @JsonPropertyDescription("How the period limit is paced.")
  public QuotaPacing pacing;

  @io.fabric8.generator.annotation.Pattern(Durations.PATTERN)
  @io.fabric8.generator.annotation.Default("30s")
  @JsonPropertyDescription("How often spend is counted and allowances recomputed, e.g. 30s.")
  public String reconcileInterval = "30s";
}
