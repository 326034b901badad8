package io.costslo.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.units.UsdPerHour;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceCatalogTest {
  private static CatalogEntry e(String gpu, String region, CatalogEntry.Kind kind, double usd, int reserved,
      String from, String until) {
    return new CatalogEntry(gpu, Optional.ofNullable(region), kind, UsdPerHour.of(usd), reserved, LocalDate.parse(from),
        Optional.ofNullable(until).map(LocalDate::parse), "contract " + from);
  }

  private static final PriceCatalog CATALOG = new PriceCatalog(List.of(
      e("H100-80GB", null, CatalogEntry.Kind.ON_DEMAND, 5.00, 0, "2026-01-01", null),
      e("H100", null, CatalogEntry.Kind.ON_DEMAND, 4.50, 0, "2026-06-01", null),
      e("H100", "eu-west-1", CatalogEntry.Kind.ON_DEMAND, 1.00, 0, "2026-01-01", null),
      e("H100", null, CatalogEntry.Kind.RESERVED, 0.0, 8, "2026-01-01", "2027-01-01"),
      e("H100", null, CatalogEntry.Kind.RESERVED, 1.0, 8, "2026-03-01", "2026-04-01"),
      e("L4", null, CatalogEntry.Kind.SPOT, 0.20, 0, "2026-01-01", null),
      e("B200", null, CatalogEntry.Kind.ON_DEMAND, 9.0, 0, "2026-01-01", null)),
      "us-east-1", new BuiltInPrices());

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource({
      // gpu, day, on-demand, spot, reserved GPUs, reserved marginal
      "H100, 2025-12-31, 6.88,   3.34826, 0,  0",    // before the catalog: the built-in table
      "H100, 2026-02-01, 5.00,   3.34826, 8,  0",    // catalog on-demand, built-in spot, one commitment
      "H100, 2026-03-15, 5.00,   3.34826, 16, 0.5",  // two commitments: GPUs add up, marginal GPU-weighted
      "H100, 2026-06-01, 4.50,   3.34826, 8,  0",    // the later price wins from its day
      "H100, 2027-01-01, 4.50,   3.34826, 0,  0",    // the commitment ended
      "L4,   2026-02-01, 0.8048, 0.20,    0,  0",    // catalog spot over built-in on-demand
      "B200, 2026-02-01, 9.0,    9.0,     0,  0"})   // no spot figure anywhere: priced as on-demand
  void pricesPerCapacityTypeAndDay(String gpu, String day, double od, double spot, int reserved, double marginal) {
    GpuPrice p = CATALOG.on(LocalDate.parse(day)).price(gpu).orElseThrow();
    assertThat(p.onDemandPerGpu().value()).isEqualTo(od);
    assertThat(p.spotPerGpu().value()).isEqualTo(spot);
    assertThat(p.reservedGpus()).isEqualTo(reserved);
    assertThat(p.reservedPerGpu().value()).isEqualTo(marginal);
    assertThat(p.source()).startsWith("catalog us-east-1");
  }

  @ParameterizedTest
  @CsvSource({"X999, 2026-02-01"})
  void unknownTypeHasNoPrice(String gpu, String day) {
    assertThat(CATALOG.price(gpu, LocalDate.parse(day))).isEmpty();
  }
}
