package io.costslo.core.cycle;

import io.costslo.core.plan.Plan;

/**
 * Port: what the cluster holds for one policy, read before the cycle (from informer caches in the
 * operator, from the simulated fleet in the simulator).
 *
 * @param running on-demand replicas, spot replicas and the running batch cap
 * @param spot what the spot pods show of disruptions now
 */
public record ClusterView(Plan running, SpotEvidence spot) {

  public ClusterView {
    if (running == null || spot == null) {
      throw new IllegalArgumentException("cluster view needs the running plan and the spot evidence");
    }
  }
}
