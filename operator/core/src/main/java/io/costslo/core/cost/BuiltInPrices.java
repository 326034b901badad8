package io.costslo.core.cost;

import io.costslo.core.units.UsdPerHour;
import java.util.Map;
import java.util.Optional;

/**
 * Default per-GPU prices, AWS us-east-1, from {@code shared/data/prices/aws_gpu_prices_us-east-1.csv}.
 * On-demand: column {@code ondemand_usd_per_hr_karpenter_2026-01-19} divided by gpu_count.
 * Spot: median over availability zones of column {@code spot_usd_per_hr_skypilot_by_az}, divided by
 * gpu_count (the SkyPilot snapshot predates the June-2025 P4/P5 price cut; spot is a market price,
 * so we keep it as the best available figure). Policies override these.
 */
public final class BuiltInPrices implements PriceSource {
  /** The day the built-in figures were taken, and their region: a catalog's entries from a later day win. */
  public static final java.time.LocalDate EFFECTIVE_FROM = java.time.LocalDate.of(2026, 1, 19);
  public static final String REGION = "us-east-1";

  /** A10G: row 2, g5.xlarge 1.006 OD; spot AZ median of 0.4177/0.3970/0.4130/0.4028/0.4005. */
  public static final GpuPrice A10G = new GpuPrice(UsdPerHour.of(1.006), UsdPerHour.of(0.4028),
      "aws us-east-1 g5.xlarge (aws_gpu_prices_us-east-1.csv row 2), 2026-01-19");

  /** L4: row 7, g6.xlarge 0.8048 OD; spot AZ median of 0.4155/0.3879/0.4102/0.4173. */
  public static final GpuPrice L4 = new GpuPrice(UsdPerHour.of(0.8048), UsdPerHour.of(0.41285),
      "aws us-east-1 g6.xlarge (aws_gpu_prices_us-east-1.csv row 7), 2026-01-19");

  /** A100-80GB: row 17, p4de.24xlarge 27.44705/8 OD; spot AZ median (7.8074, 5.8394) = 6.8234/8. */
  public static final GpuPrice A100_80GB = new GpuPrice(UsdPerHour.of(3.43088), UsdPerHour.of(0.85293),
      "aws us-east-1 p4de.24xlarge (aws_gpu_prices_us-east-1.csv row 17), 2026-01-19");

  /** A100-40GB: row 16, p4d.24xlarge 21.957642/8 OD; spot AZ median 6.7915/8. */
  public static final GpuPrice A100_40GB = new GpuPrice(UsdPerHour.of(2.74471), UsdPerHour.of(0.84894),
      "aws us-east-1 p4d.24xlarge (aws_gpu_prices_us-east-1.csv row 16), 2026-01-19");

  /** H100: row 19, p5.48xlarge 55.04/8 = 6.88 OD (row 18 p5.4xlarge agrees); spot AZ median 26.7861/8. */
  public static final GpuPrice H100 = new GpuPrice(UsdPerHour.of(6.88), UsdPerHour.of(3.34826),
      "aws us-east-1 p5.48xlarge (aws_gpu_prices_us-east-1.csv rows 18-19), 2026-01-19");

  private static final Map<String, GpuPrice> TABLE = Map.of(
      "A10G", A10G, "L4", L4, "A100-80GB", A100_80GB, "A100-40GB", A100_40GB, "H100", H100);

  @Override
  public Optional<GpuPrice> price(String gpuType) {
    return Optional.ofNullable(TABLE.get(GpuTypes.canonical(gpuType)));
  }
}
