package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Max;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Capacity {
  @Required
  @Size(min = 1, max = Limits.MAX_LABEL)
  @JsonPropertyDescription("GPU type of one replica, e.g. H100-80GB, A100-80GB, L4, A10G. Others need pricing and profile.")
  public String gpuType;

  @Default("1")
  @Min(1)
  @Max(Limits.MAX_GPUS_PER_REPLICA)
  @JsonPropertyDescription("GPUs per replica (tensor parallel degree).")
  public Integer gpusPerReplica = 1;

  @Size(max = Limits.MAX_WORD)
  @JsonPropertyDescription("Built-in performance profile name, e.g. llama-3-8b. Leave out to pick by gpuType and gpusPerReplica, or give profile inline.")
  public String model;

  @JsonPropertyDescription("Inline replica performance profile; overrides the built-in one.")
  public ProfileSpec profile;

  @JsonPropertyDescription("Price overrides per GPU-hour. Defaults come from the built-in price table.")
  public Pricing pricing;

  @JsonPropertyDescription("Whether and how spot capacity may be used.")
  public SpotSpec spot;
}
