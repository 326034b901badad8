package io.costslo.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The cluster's GPU prices: per GPU type, region and capacity type (on-demand, spot, reserved with
 * the GPUs already paid for), each with effective dates and a source. Cluster-scoped; the built-in
 * table is the default for anything it does not list, and a policy's own pricing still wins.
 */
@Group(InferenceCostPolicy.GROUP)
@Version(InferenceCostPolicy.VERSION)
@ShortNames("pricecat")
@AdditionalPrinterColumn(name = "Region", jsonPath = ".spec.region", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class PriceCatalog extends CustomResource<PriceCatalogSpec, Void> {
}
