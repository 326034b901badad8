package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One price: a GPU type in a region on one capacity type, from a date, with its source. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.capacityType == 'Reserved' || !has(self.reservedGpus)",
    message = "reservedGpus applies only to capacityType Reserved")
@ValidationRule(value = "self.capacityType != 'Reserved' || has(self.reservedGpus)",
    message = "a Reserved price needs reservedGpus: the GPUs already paid for")
@ValidationRule(value = "!has(self.effectiveUntil) || self.effectiveUntil > self.effectiveFrom",
    message = "effectiveUntil must be after effectiveFrom")
public class PriceEntry {
  public enum CapacityType { OnDemand, Spot, Reserved }

  @Required
  @Size(min = 1, max = 63)
  @JsonPropertyDescription("GPU type, e.g. H100, A100-80GB, L4 (matched as policies' capacity.gpuType is).")
  public String gpuType;

  @Size(max = 63)
  @Pattern("^[a-z0-9][a-z0-9-]*$")
  @JsonPropertyDescription("Region of this price; left out, the catalog's region.")
  public String region;

  @Required
  @JsonPropertyDescription("OnDemand, Spot or Reserved (reserved instances, committed use, savings plans: capacity already paid for).")
  public CapacityType capacityType;

  @Required
  @Min(0)
  @Max(10000)
  @JsonPropertyDescription("USD per GPU-hour. For Reserved: the marginal cost of running on a reserved GPU, what using it adds to what is paid anyway (0 for a prepaid commitment).")
  public Double usdPerGpuHour;

  @Min(0)
  @Max(1000000)
  @JsonPropertyDescription("Reserved only: how many GPUs of this type are already paid for.")
  public Integer reservedGpus;

  @Min(0)
  @Max(10000)
  @JsonPropertyDescription("Reserved only, for reports: what the commitment costs per GPU-hour, amortised.")
  public Double committedUsdPerGpuHour;

  @Required
  @Pattern("^\\d{4}-\\d{2}-\\d{2}$")
  @JsonPropertyDescription("First day (UTC) the price applies, YYYY-MM-DD.")
  public String effectiveFrom;

  @Pattern("^\\d{4}-\\d{2}-\\d{2}$")
  @JsonPropertyDescription("First day (UTC) it no longer applies, YYYY-MM-DD; left out, open-ended.")
  public String effectiveUntil;

  @Required
  @Size(min = 1, max = 256)
  @JsonPropertyDescription("Where the figure comes from (price list, contract, invoice).")
  public String source;
}
