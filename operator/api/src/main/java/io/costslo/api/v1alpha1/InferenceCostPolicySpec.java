package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.costslo.core.units.Durations;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Size;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** The user's half of the policy. CostSLO never writes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.metrics) || !has(self.metrics.fallbackReplicas) || self.metrics.fallbackReplicas <= self.replicas.max", message = "metrics.fallbackReplicas must not be above replicas.max", fieldPath = ".metrics.fallbackReplicas")
@ValidationRule(value = "!has(self.prefillChunk) || !has(self.batch) || self.prefillChunk.allowedValues.exists(k, self.batch.allowedValues.exists(c, c <= k))", message = "prefillChunk.allowedValues needs a value at least the smallest batch.allowedValues (vLLM requires max-num-batched-tokens >= max-num-seqs)", fieldPath = ".prefillChunk.allowedValues")
public class InferenceCostPolicySpec {

  @Required
  @JsonPropertyDescription("The workload whose replicas, batch setting and spot mix this policy controls; same namespace.")
  public TargetRef targetRef;

  @Default("Enforce")
  @SchemaFrom(type = Mode.class)
  @JsonPropertyDescription("Enforce changes the workload; Recommend writes status and events only.")
  public String mode = Mode.Enforce.name();

  @Required
  @JsonPropertyDescription("Latency objectives users feel.")
  public Objectives objectives;

  @JsonPropertyDescription("Cost limits finance counts. Either limit may be left out.")
  public Budget budget;

  @Default("SLO")
  @SchemaFrom(type = Priority.class)
  @JsonPropertyDescription("Which wins when the objectives and the budget cannot both hold: SLO keeps latency and flags the overspend; Budget keeps spend and flags the SLO at risk.")
  public String priority = Priority.SLO.name();

  @Required
  @JsonPropertyDescription("Total replica bounds (on-demand plus spot).")
  public ReplicaBounds replicas;

  @JsonPropertyDescription("The serving engine's batch cap knob (e.g. vLLM --max-num-seqs). Leave out to never change it.")
  public BatchKnob batch;

  @JsonPropertyDescription("The serving engine's prefill chunk knob (e.g. vLLM --max-num-batched-tokens), chosen with the batch cap. Leave out to keep the engine's setting.")
  public PrefillChunkKnob prefillChunk;

  @Required
  @JsonPropertyDescription("What one replica runs on, and how spot capacity may be used.")
  public Capacity capacity;

  @JsonPropertyDescription("Where serving metrics come from. Defaults to scraping the target's pods.")
  public MetricsSpec metrics;

  @JsonPropertyDescription("How cautiously decisions are applied.")
  public Stability stability;

  @Pattern(Durations.PATTERN)
  @Default("30s")
  @Size(max = Limits.MAX_DURATION_TEXT)
  @ValidationRule(value = "duration(self) >= duration('1s') && duration(self) <= duration('" + Durations.MAX_CEL + "')", message = "reconcileInterval must be at least 1s and at most 8760h, e.g. 30s")
  @JsonPropertyDescription("How often the policy is re-evaluated, e.g. 30s.")
  public String reconcileInterval = "30s";

  @JsonPropertyDescription("How this policy takes part in the CostQuotas and ClusterCostQuotas covering it.")
  public QuotaParticipation quota;
}
