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

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Stability {
  @Default("5m")
  @Pattern(Durations.PATTERN)
  @Size(max = Limits.MAX_DURATION_TEXT)
  @ValidationRule(value = "duration(self) <= duration('" + Durations.MAX_CEL + "')", message = "stability.scaleDownWindow must be at most 8760h")
  @JsonPropertyDescription("Scale down only to the highest recommendation seen over this window.")
  public String scaleDownWindow = "5m";

  @Default("30m")
  @Pattern(Durations.PATTERN)
  @Size(max = Limits.MAX_DURATION_TEXT)
  @ValidationRule(value = "duration(self) <= duration('" + Durations.MAX_CEL + "')", message = "stability.batchChangeMinInterval must be at most 8760h")
  @JsonPropertyDescription("Least time between two batch cap changes (each restarts pods).")
  public String batchChangeMinInterval = "30m";

  @Default("0.1")
  @Min(0)
  @Max(1)
  @JsonPropertyDescription("Change the batch cap only when it saves at least this fraction of USD per hour.")
  public Double batchChangeMinSaving = 0.1;
}
