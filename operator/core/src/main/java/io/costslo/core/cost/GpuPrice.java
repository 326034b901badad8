package io.costslo.core.cost;

import io.costslo.core.units.UsdPerHour;

/**
 * Hourly price of one GPU of a type, on-demand and spot, and the reserved GPUs already paid for.
 *
 * <p>Reserved (reserved instances, committed use, savings plans) is capacity paid for whether it
 * runs or not, so what running on it costs is its <em>marginal</em> cost: what using a reserved GPU
 * adds to the bill that is paid anyway (0 for a prepaid commitment; a positive figure for, e.g., a
 * commitment billed per use hour at a discount). Plans fill reserved GPUs before on-demand and spot.
 *
 * @param onDemandPerGpu on-demand USD per GPU-hour
 * @param spotPerGpu spot USD per GPU-hour (typical market price)
 * @param source where the figures come from
 * @param reservedGpus GPUs of this type already paid for (0: none)
 * @param reservedPerGpu marginal USD per reserved GPU-hour
 */
public record GpuPrice(UsdPerHour onDemandPerGpu, UsdPerHour spotPerGpu, String source, int reservedGpus,
    UsdPerHour reservedPerGpu) {

  public GpuPrice {
    if (onDemandPerGpu == null) {
      throw new IllegalArgumentException("onDemandPerGpu must be set");
    }
    if (spotPerGpu == null) {
      throw new IllegalArgumentException("spotPerGpu must be set");
    }
    source = source == null || source.isBlank() ? "policy" : source;
    if (reservedGpus < 0) {
      throw new IllegalArgumentException("reservedGpus must be >= 0, got " + reservedGpus);
    }
    reservedPerGpu = reservedPerGpu == null ? UsdPerHour.ZERO : reservedPerGpu;
  }

  /** On-demand and spot only, nothing reserved. */
  public GpuPrice(UsdPerHour onDemandPerGpu, UsdPerHour spotPerGpu, String source) {
    this(onDemandPerGpu, spotPerGpu, source, 0, UsdPerHour.ZERO);
  }

  /** The same prices with {@code gpus} reserved GPUs at a marginal cost per GPU-hour. */
  public GpuPrice withReserved(int gpus, UsdPerHour marginalPerGpu, String reservedSource) {
    return new GpuPrice(onDemandPerGpu, spotPerGpu, source + "; reserved: " + reservedSource, gpus, marginalPerGpu);
  }

  public static GpuPrice of(double onDemandPerGpuHour, double spotPerGpuHour) {
    return new GpuPrice(UsdPerHour.of(onDemandPerGpuHour), UsdPerHour.of(spotPerGpuHour), "policy");
  }

  public GpuPrice withSpot(UsdPerHour spot) {
    return new GpuPrice(onDemandPerGpu, spot, source + " (spot overridden)", reservedGpus, reservedPerGpu);
  }
}
