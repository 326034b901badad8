package io.costslo.core.cost;

import io.costslo.core.units.UsdPerHour;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One price of a catalog: a GPU type in a region on one capacity type, in effect from a day.
 *
 * @param region empty: the catalog's own region
 * @param perGpu USD per GPU-hour; for RESERVED the marginal cost (see {@link GpuPrice})
 * @param reservedGpus RESERVED only: GPUs already paid for
 * @param from first day in effect (UTC)
 * @param until first day no longer in effect; empty: open-ended
 * @param source where the figure comes from
 */
public record CatalogEntry(String gpuType, Optional<String> region, Kind kind, UsdPerHour perGpu, int reservedGpus,
    LocalDate from, Optional<LocalDate> until, String source) {

  public enum Kind { ON_DEMAND, SPOT, RESERVED }

  public CatalogEntry {
    gpuType = GpuTypes.canonical(gpuType);
    region = region == null ? Optional.empty() : region;
    until = until == null ? Optional.empty() : until;
    if (kind == null || perGpu == null || from == null) {
      throw new IllegalArgumentException("a catalog entry needs a capacity type, a price and effectiveFrom");
    }
    if (reservedGpus < 0 || (kind != Kind.RESERVED && reservedGpus != 0)) {
      throw new IllegalArgumentException("reservedGpus must be >= 0 and only on a Reserved entry, got " + reservedGpus);
    }
    if (until.isPresent() && !until.get().isAfter(from)) {
      throw new IllegalArgumentException("effectiveUntil must be after effectiveFrom (" + from + ")");
    }
    source = source == null || source.isBlank() ? "catalog" : source;
  }

  boolean inEffect(LocalDate day) {
    return !day.isBefore(from) && until.map(day::isBefore).orElse(true);
  }
}
