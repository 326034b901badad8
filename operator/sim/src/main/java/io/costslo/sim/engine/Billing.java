package io.costslo.sim.engine;

/**
 * What the fleet costs. A replica is billed from the moment it is requested from the cloud (provisioning
 * included) until it terminates, for as long as the run lasts: the run goes on past the workload's
 * horizon until every request is finished or given up at the hard stop, and the fleet is billed
 * throughout, so a controller that builds a backlog pays for working it off. Pending spot replicas
 * (no capacity to be had) are not billed.
 */
final class Billing {
  private final double onDemandUsdPerHour;
  private final double spotUsdPerHour;
  private final int gpusPerReplica;
  double usd;
  double gpuHours;

  Billing(double onDemandUsdPerHour, double spotUsdPerHour, int gpusPerReplica) {
    this.onDemandUsdPerHour = onDemandUsdPerHour;
    this.spotUsdPerHour = spotUsdPerHour;
    this.gpusPerReplica = gpusPerReplica;
  }

  double rate(Replica r) {
    return r.type == CapacityType.SPOT ? spotUsdPerHour : onDemandUsdPerHour;
  }

  void start(Replica r, double now) {
    r.billedFrom = now;
  }

  /** Bills the replica up to {@code until} and stops its meter. */
  void stop(Replica r, double until) {
    if (Double.isNaN(r.billedFrom)) {
      return;
    }
    double hours = Math.max(0, until - r.billedFrom) / 3600.0;
    usd += hours * rate(r);
    gpuHours += hours * gpusPerReplica;
    r.billedFrom = Double.NaN;
  }

  /** Spend so far including the running meters of {@code alive} replicas. */
  double spentBy(Iterable<Replica> alive, double now) {
    double spent = usd;
    for (Replica r : alive) {
      if (!Double.isNaN(r.billedFrom)) {
        spent += Math.max(0, now - r.billedFrom) / 3600.0 * rate(r);
      }
    }
    return spent;
  }
}
