package io.costslo.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A team's cost quota over the InferenceCostPolicies of its namespace that match a label selector:
 * USD per hour, USD per day/week/month and an average CPT, shared among the policies by priority.
 * {@link ClusterCostQuota} is the same across namespaces.
 */
@Group(InferenceCostPolicy.GROUP)
@Version(InferenceCostPolicy.VERSION)
@ShortNames("cq")
@AdditionalPrinterColumn(name = "Spend", jsonPath = ".status.spentUsd", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Projected", jsonPath = ".status.projectedUsd", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Limit", jsonPath = ".spec.limits.period.maxUsd", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "USD/h", jsonPath = ".status.usdPerHour", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Available", jsonPath = ".status.availableUsdPerHour", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.state", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class CostQuota extends CustomResource<CostQuotaSpec, CostQuotaStatus> implements Namespaced {
}
