package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.costslo.core.units.Durations;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Size;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Objectives {
  @Default("99")
  @Min(50)
  @Max(99.9)
  @JsonPropertyDescription("Percentile the latency thresholds apply to, e.g. 99 for p99.")
  public Double percentile = 99.0;

  @Required
  @Pattern(Durations.PATTERN)
  @Size(max = Limits.MAX_DURATION_TEXT)
  @ValidationRule(value = "duration(self) > duration('0s') && duration(self) <= duration('" + Durations.MAX_CEL + "')", message = "objectives.ttft must be longer than 0 and at most 8760h")
  @JsonPropertyDescription("Time to first token at the percentile must stay at or below this, e.g. 2s or 500ms.")
  public String ttft;

  @Required
  @Pattern(Durations.PATTERN)
  @Size(max = Limits.MAX_DURATION_TEXT)
  @ValidationRule(value = "duration(self) > duration('0s') && duration(self) <= duration('" + Durations.MAX_CEL + "')", message = "objectives.itl must be longer than 0 and at most 8760h")
  @JsonPropertyDescription("Inter-token latency at the percentile must stay at or below this, e.g. 80ms.")
  public String itl;

  @Default("0.99")
  @Min(0.5)
  @Max(1.0)
  @JsonPropertyDescription("Fraction of requests that must meet both thresholds, e.g. 0.99.")
  public Double attainment = 0.99;
}
