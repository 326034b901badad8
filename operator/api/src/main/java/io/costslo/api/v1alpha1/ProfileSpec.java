package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.costslo.core.units.Durations;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Max;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Iteration time t = base + perSequence * batch + perPrefillToken * prefillTokens, and KV capacity. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProfileSpec {
  @Required
  @Pattern(Durations.PATTERN)
  @Size(max = Limits.MAX_DURATION_TEXT)
  @ValidationRule(value = "duration(self) > duration('0s') && duration(self) <= duration('" + Durations.MAX_CEL + "')", message = "profile.baseIterationTime must be longer than 0 and at most 8760h")
  @JsonPropertyDescription("Fixed time of one engine iteration, e.g. 6ms.")
  public String baseIterationTime;

  @Required
  @Pattern(Durations.PATTERN)
  @Size(max = Limits.MAX_DURATION_TEXT)
  @ValidationRule(value = "duration(self) <= duration('" + Durations.MAX_CEL + "')", message = "profile.perSequenceTime must be at most 8760h")
  @JsonPropertyDescription("Added iteration time per running sequence, e.g. 50us.")
  public String perSequenceTime;

  @Required
  @Pattern(Durations.PATTERN)
  @Size(max = Limits.MAX_DURATION_TEXT)
  @ValidationRule(value = "duration(self) <= duration('" + Durations.MAX_CEL + "')", message = "profile.perPrefillTokenTime must be at most 8760h")
  @JsonPropertyDescription("Added iteration time per prompt token prefilled in the step, e.g. 60us.")
  public String perPrefillTokenTime;

  @Required
  @Min(1)
  @Max(Limits.MAX_KV_CACHE_TOKENS)
  @JsonPropertyDescription("Tokens of KV cache one replica holds; caps concurrency.")
  public Long kvCacheTokens;
}
