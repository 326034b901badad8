package io.costslo.core.cost;

import java.util.Optional;

/** Port: hourly GPU prices by GPU type (e.g. "H100", "A100-80GB", "L4", "A10G"). */
public interface PriceSource {

  /** Price of one GPU of this type; empty when the type is unknown. */
  Optional<GpuPrice> price(String gpuType);
}
