package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A cost SLO on one model deployment: the latency objectives users feel, the cost per token finance
 * counts, and the bounds within which CostSLO may move replicas, batch cap and spot mix. Read
 * through {@link PolicyReader}, so no stored value can fail the informer that lists it.
 */
@JsonDeserialize(using = PolicyReader.Deserializer.class)
@Group(InferenceCostPolicy.GROUP)
@Version(InferenceCostPolicy.VERSION)
@ShortNames("icp")
// kubectl prints these in this order (the build keeps it: io.costslo.api.build.PrinterColumnOrder);
// priority 1 only with -o wide; Age last.
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.targetRef.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".spec.mode", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".status.currentPlan.replicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "CPT", jsonPath = ".status.observed.usdPerMillionTokens", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Budget", jsonPath = ".spec.budget.maxUsdPerMillionTokens", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "TTFT", jsonPath = ".status.observed.ttft", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Objective", jsonPath = ".spec.objectives.ttft", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Spot", jsonPath = ".status.currentPlan.spotReplicas", type = AdditionalPrinterColumn.Type.INTEGER, priority = 1)
@AdditionalPrinterColumn(name = "Batch", jsonPath = ".status.currentPlan.batchCap", type = AdditionalPrinterColumn.Type.INTEGER, priority = 1)
@AdditionalPrinterColumn(name = "ITL", jsonPath = ".status.observed.itl", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "ITL-Objective", jsonPath = ".spec.objectives.itl", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "USD/h", jsonPath = ".status.observed.usdPerHour", type = AdditionalPrinterColumn.Type.NUMBER, priority = 1)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class InferenceCostPolicy extends CustomResource<InferenceCostPolicySpec, InferenceCostPolicyStatus>
    implements Namespaced {
  public static final String GROUP = "costslo.io";
  public static final String VERSION = "v1alpha1";

  // No initStatus(): a policy without status must read as one. JOSDK patches status as a JSON diff
  // against the object it read, and an empty status invented on the client side (not on the
  // server) makes that diff address fields under a /status the server does not have.
}
