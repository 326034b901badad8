package io.costslo.sim.engine;

import java.util.SplittableRandom;

/**
 * Spot capacity: Poisson reclaims per spot replica, and correlated outages in which every spot replica
 * is lost and none can be obtained until the outage ends. Outages come from their own random stream so
 * every controller faces the same ones for the same seed.
 */
final class SpotMarket {
  private final SimConfig config;
  private final SplittableRandom random;
  private final EventQueue events;
  private int blocked;
  int outages;
  int reclaims;

  SpotMarket(SimConfig config, SplittableRandom random, EventQueue events) {
    this.config = config;
    this.random = random;
    this.events = events;
  }

  void scheduleOutages(double horizon) {
    double rate = config.spotOutagesPerDay() / 86400.0;
    if (rate <= 0) {
      return;
    }
    SplittableRandom outageRandom = new SplittableRandom(random.nextLong());
    double t = -Math.log(1 - outageRandom.nextDouble()) / rate;
    while (t < horizon) {
      events.schedule(t, EventQueue.OUTAGE_START, null);
      events.schedule(t + config.spotOutageDuration().toNanos() / 1e9, EventQueue.OUTAGE_END, null);
      t += -Math.log(1 - outageRandom.nextDouble()) / rate;
    }
  }

  /** A spot replica started provisioning: draw its reclaim time. */
  void provisioned(Replica r, double now) {
    if (r.type == CapacityType.SPOT && config.spotPreemptionsPerReplicaHour() > 0) {
      double rate = config.spotPreemptionsPerReplicaHour() / 3600.0;
      r.reclaimToken++;
      events.schedule(now - Math.log(1 - random.nextDouble()) / rate, EventQueue.SPOT_RECLAIM, r, r.reclaimToken);
    }
  }

  boolean available() {
    return blocked == 0;
  }

  void outageStarted() {
    outages++;
    blocked++;
  }

  /** Returns true when spot capacity is available again. */
  boolean outageEnded() {
    blocked--;
    return blocked == 0;
  }
}
