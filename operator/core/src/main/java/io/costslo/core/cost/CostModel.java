package io.costslo.core.cost;

import io.costslo.core.load.Load;
import io.costslo.core.units.TokensPerSecond;
import io.costslo.core.units.UsdPerHour;
import io.costslo.core.units.UsdPerMillionTokens;
import java.time.Duration;

/**
 * Hourly cost of a replica mix, and what it means per token.
 *
 * <p>Spot risk: each spot replica is preempted {@code preemptionsPerReplicaHour} times an hour on
 * average, and each preemption removes one replica's capacity for {@code recoveryTime}. We price
 * that lost capacity at the on-demand replica rate (what covering the gap costs), so the expected
 * risk cost per spot replica-hour is {@code rate x recoveryHours x onDemandReplicaPrice}. The
 * optimizer ranks plans on billed + risk, so a spot-heavy plan is not judged on price alone.
 *
 * <p>Reserved capacity ({@link GpuPrice}): the first {@code reservedReplicas} non-spot replicas run
 * on GPUs already paid for and cost their marginal price {@code reservedPerReplica}; only the rest
 * are billed at on-demand. A plan's non-spot replicas are "on-demand" in {@link
 * io.costslo.core.plan.Plan} either way: reserved is a billing fact, not a placement.
 *
 * @param onDemandPerReplica on-demand price of one replica (all its GPUs)
 * @param spotPerReplica spot price of one replica
 * @param spotRiskPerReplica expected cost of preemption per spot replica-hour
 * @param reservedReplicas replicas that fit on the reserved GPUs (whole replicas only)
 * @param reservedPerReplica marginal price of one replica on reserved GPUs
 */
public record CostModel(UsdPerHour onDemandPerReplica, UsdPerHour spotPerReplica, UsdPerHour spotRiskPerReplica,
    int reservedReplicas, UsdPerHour reservedPerReplica) {

  public CostModel {
    if (onDemandPerReplica == null || spotPerReplica == null || spotRiskPerReplica == null) {
      throw new IllegalArgumentException("cost model needs on-demand, spot and spot-risk prices");
    }
    if (reservedReplicas < 0) {
      throw new IllegalArgumentException("reservedReplicas must be >= 0, got " + reservedReplicas);
    }
    reservedPerReplica = reservedPerReplica == null ? UsdPerHour.ZERO : reservedPerReplica;
  }

  /** Without reserved capacity. */
  public CostModel(UsdPerHour onDemandPerReplica, UsdPerHour spotPerReplica, UsdPerHour spotRiskPerReplica) {
    this(onDemandPerReplica, spotPerReplica, spotRiskPerReplica, 0, UsdPerHour.ZERO);
  }

  public static CostModel of(GpuPrice price, int gpusPerReplica, double preemptionsPerReplicaHour, Duration recoveryTime) {
    UsdPerHour onDemand = price.onDemandPerGpu().times(gpusPerReplica);
    UsdPerHour spot = price.spotPerGpu().times(gpusPerReplica);
    double recoveryHours = recoveryTime.toNanos() / 3.6e12;
    UsdPerHour risk = onDemand.times(preemptionsPerReplicaHour * recoveryHours);
    return new CostModel(onDemand, spot, risk, price.reservedGpus() / gpusPerReplica,
        price.reservedPerGpu().times(gpusPerReplica));
  }

  /** What this plan adds to the bill per hour: reserved replicas at their marginal price. */
  public UsdPerHour billed(int onDemandReplicas, int spotReplicas) {
    return UsdPerHour.of(nonSpotValue(onDemandReplicas) + spotReplicas * spotPerReplica.value());
  }

  /** Of {@code onDemandReplicas} non-spot replicas, how many run on reserved GPUs. */
  public int onReserved(int onDemandReplicas) {
    return Math.min(onDemandReplicas, reservedReplicas);
  }

  private double nonSpotValue(int onDemandReplicas) {
    int reserved = onReserved(onDemandReplicas);
    return reserved * reservedPerReplica.value() + (onDemandReplicas - reserved) * onDemandPerReplica.value();
  }

  /**
   * The cheapest number of spot replicas in [0, maxSpot] for a total (fewest spot on a tie): spot
   * takes what reserved GPUs do not cover, when it is cheaper than on-demand.
   */
  public int cheapestSpot(int total, int maxSpot) {
    if (maxSpot <= 0) {
      return 0;
    }
    // Cost is linear in the spot count on either side of the point where the replicas left
    // non-spot all fit on reserved GPUs, so the cheapest count is 0, that point or maxSpot.
    int best = 0;
    for (int candidate : new int[] {Math.min(maxSpot, Math.max(0, total - reservedReplicas)), maxSpot}) {
      if (expectedValue(total - candidate, candidate) < expectedValue(total - best, best)) {
        best = candidate;
      }
    }
    return best;
  }

  /** Expected preemption cost per hour of the spot part. */
  public UsdPerHour spotRisk(int spotReplicas) {
    return UsdPerHour.of(spotReplicas * spotRiskPerReplica.value());
  }

  /** Billed plus spot risk: the figure plans are ranked and budgeted on. */
  public UsdPerHour expected(int onDemandReplicas, int spotReplicas) {
    return UsdPerHour.of(expectedValue(onDemandReplicas, spotReplicas));
  }

  /** {@link #expected} as a raw USD/h number; the single formula every search uses, so costs compare exactly. */
  public double expectedValue(int onDemandReplicas, int spotReplicas) {
    return nonSpotValue(onDemandReplicas) + spotReplicas * (spotPerReplica.value() + spotRiskPerReplica.value());
  }

  /** Saving per replica of running it on spot instead of on-demand, risk included (may be negative). */
  public double spotSavingUsdPerReplicaHour() {
    return onDemandPerReplica.value() - (spotPerReplica.value() + spotRiskPerReplica.value());
  }

  /** CPT: USD per 1M output tokens at this spend and load. */
  public static UsdPerMillionTokens costPerMillionTokens(UsdPerHour spend, Load load) {
    TokensPerSecond tokens = load.outputTokenRate();
    return UsdPerMillionTokens.of(spend, tokens);
  }
}
