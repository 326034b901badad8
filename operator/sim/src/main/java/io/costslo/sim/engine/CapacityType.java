package io.costslo.sim.engine;

/** How a replica's node is bought. */
public enum CapacityType {
  ON_DEMAND,
  SPOT
}
