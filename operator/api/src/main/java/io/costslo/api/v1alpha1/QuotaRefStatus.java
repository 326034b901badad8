package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** On a policy: the quota that constrains it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QuotaRefStatus {
  @JsonPropertyDescription("The tightest quota covering the policy: namespace/name for a CostQuota, name for a ClusterCostQuota.")
  public String name;
  @JsonPropertyDescription("Every quota covering the policy.")
  public List<String> coveredBy;
  @JsonPropertyDescription("The USD per hour the quota allows; the cycle's spend cap is the lower of it and budget.maxUsdPerHour.")
  public Double allowanceUsdPerHour;
}
