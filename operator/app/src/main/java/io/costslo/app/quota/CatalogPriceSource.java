package io.costslo.app.quota;

import io.costslo.api.v1alpha1.PriceCatalog;
import io.costslo.api.v1alpha1.PriceEntry;
import io.costslo.core.cost.BuiltInPrices;
import io.costslo.core.cost.CatalogEntry;
import io.costslo.core.cost.GpuPrice;
import io.costslo.core.cost.PriceSource;
import io.costslo.core.units.UsdPerHour;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices from the cluster's PriceCatalogs over the built-in table, on today's date (UTC). The
 * catalogs are re-read at most every {@link #REFRESH}; several are merged (the first by name gives
 * the region). An entry the core rejects is skipped and logged; it never stops a policy's cycle.
 */
public final class CatalogPriceSource implements PriceSource {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogPriceSource.class);
  static final Duration REFRESH = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final Clock clock;
  private final PriceSource fallback = new BuiltInPrices();
  private volatile io.costslo.core.cost.PriceCatalog catalog;
  private volatile Instant readAt = Instant.MIN;

  public CatalogPriceSource(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public Optional<GpuPrice> price(String gpuType) {
    Instant now = clock.instant();
    return current(now).map(c -> c.price(gpuType, LocalDate.ofInstant(now, ZoneOffset.UTC)))
        .orElseGet(() -> fallback.price(gpuType));
  }

  private Optional<io.costslo.core.cost.PriceCatalog> current(Instant now) {
    if (Duration.between(readAt, now).compareTo(REFRESH) >= 0 || now.isBefore(readAt)) {
      try {
        catalog = toCore(client.resources(PriceCatalog.class).list().getItems());
      } catch (KubernetesClientException e) {
        LOG.warn("could not read PriceCatalogs, keeping the last read: {}", e.getMessage());
      }
      readAt = now;
    }
    return Optional.ofNullable(catalog);
  }

  /** The core catalog for these resources; null when there are none. */
  static io.costslo.core.cost.PriceCatalog toCore(List<PriceCatalog> catalogs) {
    List<PriceCatalog> sorted = catalogs.stream().filter(c -> c.getSpec() != null && c.getSpec().region != null)
        .sorted(Comparator.comparing(c -> c.getMetadata().getName())).toList();
    if (sorted.isEmpty()) {
      return null;
    }
    List<CatalogEntry> entries = new ArrayList<>();
    for (PriceCatalog c : sorted) {
      List<PriceEntry> prices = c.getSpec().prices == null ? List.of() : c.getSpec().prices;
      for (int i = 0; i < prices.size(); i++) {
        try {
          entries.add(entry(prices.get(i), c.getSpec().region));
        } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
          LOG.warn("PriceCatalog {} spec.prices[{}] skipped: {}", c.getMetadata().getName(), i, e.getMessage());
        }
      }
    }
    return new io.costslo.core.cost.PriceCatalog(entries, sorted.get(0).getSpec().region, new BuiltInPrices());
  }

  /** The core entry for a catalog entry; throws IllegalArgumentException naming what is wrong. */
  public static CatalogEntry entry(PriceEntry e, String catalogRegion) {
    CatalogEntry.Kind kind = switch (e.capacityType) {
      case OnDemand -> CatalogEntry.Kind.ON_DEMAND;
      case Spot -> CatalogEntry.Kind.SPOT;
      case Reserved -> CatalogEntry.Kind.RESERVED;
    };
    return new CatalogEntry(e.gpuType, Optional.of(e.region == null ? catalogRegion : e.region), kind,
        UsdPerHour.of(e.usdPerGpuHour), e.reservedGpus == null ? 0 : e.reservedGpus, LocalDate.parse(e.effectiveFrom),
        Optional.ofNullable(e.effectiveUntil).map(LocalDate::parse), e.source);
  }
}
