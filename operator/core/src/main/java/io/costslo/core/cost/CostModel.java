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
 * @param onDemandPerReplica on-demand price of one replica (all its GPUs)
 * @param spotPerReplica spot price of one replica
 * @param spotRiskPerReplica expected cost of preemption per spot replica-hour
 */
public record CostModel(UsdPerHour onDemandPerReplica, UsdPerHour spotPerReplica, UsdPerHour spotRiskPerReplica) {

  public CostModel {
    if (onDemandPerReplica == null || spotPerReplica == null || spotRiskPerReplica == null) {
      throw new IllegalArgumentException("cost model needs on-demand, spot and spot-risk prices");
    }
  }

  public static CostModel of(GpuPrice price, int gpusPerReplica, double preemptionsPerReplicaHour, Duration recoveryTime) {
    UsdPerHour onDemand = price.onDemandPerGpu().times(gpusPerReplica);
    UsdPerHour spot = price.spotPerGpu().times(gpusPerReplica);
    double recoveryHours = recoveryTime.toNanos() / 3.6e12;
    UsdPerHour risk = onDemand.times(preemptionsPerReplicaHour * recoveryHours);
    return new CostModel(onDemand, spot, risk);
  }

  /** What the cloud bills per hour. */
  public UsdPerHour billed(int onDemandReplicas, int spotReplicas) {
    return UsdPerHour.of(onDemandReplicas * onDemandPerReplica.value() + spotReplicas * spotPerReplica.value());
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
    return onDemandReplicas * onDemandPerReplica.value()
        + spotReplicas * (spotPerReplica.value() + spotRiskPerReplica.value());
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
