package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.length != 'Week' || self.startDay <= 7",
    message = "startDay of a Week period is an ISO day of week, 1 (Monday) to 7 (Sunday)")
@ValidationRule(value = "self.length != 'Day' || self.startDay == 1",
    message = "startDay does not apply to a Day period; leave it out")
public class QuotaPeriod {
  public enum Length { Day, Week, Month }

  @Required
  @JsonPropertyDescription("Day, Week or Month. Each period starts at midnight in timeZone.")
  public Length length;

  @Required
  @Min(0)
  @Max(1.0e9)
  @JsonPropertyDescription("USD the covered policies may spend together in one period.")
  public Double maxUsd;

  @Default("1")
  @Min(1)
  @Max(28)
  @JsonPropertyDescription("Month: the day of month the period starts (1..28). Week: ISO day of week (1 = Monday .. 7 = Sunday).")
  public Integer startDay = 1;

  @Default("UTC")
  @Size(max = 64)
  @Pattern("^[A-Za-z][A-Za-z0-9_+\\-/]*$")
  @JsonPropertyDescription("IANA time zone of the period boundaries, e.g. UTC, Europe/Berlin, America/New_York.")
  public String timeZone = "UTC";
}
