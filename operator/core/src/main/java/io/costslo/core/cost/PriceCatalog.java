package io.costslo.core.cost;

import io.costslo.core.units.UsdPerHour;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A cluster's own prices over a default (the built-in table). For a GPU type on a day, each capacity
 * type is taken separately: the catalog's entry for the region in effect that day (the latest
 * {@code from} when several are), else the default's figure. Reserved entries in effect add up (each
 * is a commitment); their marginal prices are averaged weighted by GPUs.
 */
public final class PriceCatalog {
  private final List<CatalogEntry> entries;
  private final String region;
  private final PriceSource fallback;

  public PriceCatalog(List<CatalogEntry> entries, String region, PriceSource fallback) {
    this.entries = List.copyOf(entries);
    this.region = region;
    this.fallback = fallback;
  }

  /** The prices in effect on a day, as the port the cycle reads. */
  public PriceSource on(LocalDate day) {
    return gpuType -> price(gpuType, day);
  }

  /** Entries in effect on a day for the catalog's region. */
  public List<CatalogEntry> inEffect(LocalDate day) {
    return entries.stream().filter(e -> e.region().orElse(region).equals(region) && e.inEffect(day)).toList();
  }

  public Optional<GpuPrice> price(String gpuType, LocalDate day) {
    String type = GpuTypes.canonical(gpuType);
    List<CatalogEntry> mine = inEffect(day).stream().filter(e -> e.gpuType().equals(type)).toList();
    Optional<GpuPrice> base = fallback.price(type);
    Optional<CatalogEntry> od = latest(mine, CatalogEntry.Kind.ON_DEMAND);
    Optional<CatalogEntry> spot = latest(mine, CatalogEntry.Kind.SPOT);
    Optional<UsdPerHour> onDemand = od.map(CatalogEntry::perGpu).or(() -> base.map(GpuPrice::onDemandPerGpu));
    if (onDemand.isEmpty()) {
      return Optional.empty();
    }
    // No spot figure anywhere: spot at the on-demand price, so it never looks like a saving.
    UsdPerHour spotPrice = spot.map(CatalogEntry::perGpu).or(() -> base.map(GpuPrice::spotPerGpu)).orElse(onDemand.get());
    String source = "catalog " + region + ": on-demand " + od.map(PriceCatalog::cite).orElse("built-in")
        + ", spot " + spot.map(PriceCatalog::cite).orElse(base.isPresent() ? "built-in" : "none (priced as on-demand)")
        + (od.isEmpty() || spot.isEmpty() ? " [built-in: " + base.map(GpuPrice::source).orElse("none") + "]" : "");
    GpuPrice price = new GpuPrice(onDemand.get(), spotPrice, source);
    List<CatalogEntry> reserved = mine.stream().filter(e -> e.kind() == CatalogEntry.Kind.RESERVED).toList();
    int gpus = reserved.stream().mapToInt(CatalogEntry::reservedGpus).sum();
    if (gpus > 0) {
      double marginal = reserved.stream().mapToDouble(e -> e.perGpu().value() * e.reservedGpus()).sum() / gpus;
      price = price.withReserved(gpus, UsdPerHour.of(marginal),
          String.join(", ", reserved.stream().map(e -> e.reservedGpus() + " GPUs " + cite(e)).toList()));
    }
    return Optional.of(price);
  }

  private static Optional<CatalogEntry> latest(List<CatalogEntry> entries, CatalogEntry.Kind kind) {
    return entries.stream().filter(e -> e.kind() == kind).max(Comparator.comparing(CatalogEntry::from));
  }

  private static String cite(CatalogEntry e) {
    return e.source() + " (from " + e.from() + ")";
  }
}
