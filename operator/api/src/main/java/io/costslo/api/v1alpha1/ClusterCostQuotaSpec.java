package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** A quota across namespaces: the namespaces by label, then the policies in them by label. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterCostQuotaSpec extends CostQuotaSpec {
  @JsonPropertyDescription("Which namespaces' policies the quota covers, by namespace labels. Left out or empty: all namespaces.")
  public LabelSelector namespaceSelector;
}
