package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** On a policy: the prices its plan was costed at. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PriceStatus {
  public Double onDemandUsdPerGpuHour;
  public Double spotUsdPerGpuHour;
  /** Marginal USD per GPU-hour of reserved capacity, when some is paid for. */
  public Double reservedUsdPerGpuHour;
  public Integer reservedGpus;
  public String source;
}
