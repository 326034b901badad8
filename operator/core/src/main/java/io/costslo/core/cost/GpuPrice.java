package io.costslo.core.cost;

import io.costslo.core.units.UsdPerHour;

/**
 * Hourly price of one GPU of a type, on-demand and spot.
 *
 * @param onDemandPerGpu on-demand USD per GPU-hour
 * @param spotPerGpu spot USD per GPU-hour (typical market price)
 * @param source where the figures come from
 */
public record GpuPrice(UsdPerHour onDemandPerGpu, UsdPerHour spotPerGpu, String source) {

  public GpuPrice {
    if (onDemandPerGpu == null) {
      throw new IllegalArgumentException("onDemandPerGpu must be set");
    }
    if (spotPerGpu == null) {
      throw new IllegalArgumentException("spotPerGpu must be set");
    }
    source = source == null || source.isBlank() ? "policy" : source;
  }

  public static GpuPrice of(double onDemandPerGpuHour, double spotPerGpuHour) {
    return new GpuPrice(UsdPerHour.of(onDemandPerGpuHour), UsdPerHour.of(spotPerGpuHour), "policy");
  }

  public GpuPrice withSpot(UsdPerHour spot) {
    return new GpuPrice(onDemandPerGpu, spot, source + " (spot overridden)");
  }
}
