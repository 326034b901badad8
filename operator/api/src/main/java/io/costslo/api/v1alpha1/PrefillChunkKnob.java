package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * The engine's prefill-chunk knob: tokens one engine step may compute (vLLM
 * --max-num-batched-tokens, TGI --max-batch-prefill-tokens, SGLang --chunked-prefill-size). A
 * smaller chunk spreads long prompts over more steps: lower inter-token latency, higher TTFT.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.argument) != has(self.env)", message = "prefillChunk needs exactly one of argument or env")
public class PrefillChunkKnob {
  @Size(max = Limits.MAX_LABEL)
  @JsonPropertyDescription("Container that runs the engine. Defaults to the pod's first container.")
  public String container;

  @Size(max = Limits.MAX_WORD)
  @JsonPropertyDescription("Command-line flag that sets the prefill chunk, e.g. --max-num-batched-tokens (vLLM), "
      + "--max-batch-prefill-tokens (TGI), --chunked-prefill-size (SGLang).")
  public String argument;

  @Size(max = Limits.MAX_WORD)
  @JsonPropertyDescription("Environment variable that sets the prefill chunk. Use instead of argument.")
  public String env;

  @Required
  @Size(min = 1, max = Limits.MAX_BATCH_VALUES)
  @JsonPropertyDescription("Prefill chunks in tokens per step CostSLO may choose from, e.g. [512, 2048, 8192]; "
      + "only values at least the batch cap are paired with it (vLLM refuses smaller ones).")
  public List<@Min(1) @Max(Limits.MAX_PREFILL_CHUNK) Integer> allowedValues;
}
