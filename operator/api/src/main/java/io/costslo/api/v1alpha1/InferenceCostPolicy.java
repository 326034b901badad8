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
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.targetRef.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".spec.mode", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".status.currentPlan.replicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "CPT", jsonPath = ".status.observed.usdPerMillionTokens", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Budget", jsonPath = ".spec.budget.maxUsdPerMillionTokens", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "TTFT", jsonPath = ".status.observed.ttft", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Objective", jsonPath = ".spec.objectives.ttft", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class InferenceCostPolicy extends CustomResource<InferenceCostPolicySpec, InferenceCostPolicyStatus>
    implements Namespaced {
  public static final String GROUP = "costslo.io";
  public static final String VERSION = "v1alpha1";

  // No initStatus(): a policy without status must read as one. JOSDK patches status as a JSON diff
  // against the object it read, and an empty status invented on the client side (not on the
  // server) makes that diff address fields under a /status the server does not have.
}
