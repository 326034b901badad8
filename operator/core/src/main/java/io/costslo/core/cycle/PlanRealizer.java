package io.costslo.core.cycle;

import io.costslo.core.plan.Plan;
import java.util.List;

/**
 * Port: makes a plan real (Deployment replicas, spot/on-demand node placement, --max-num-seqs).
 * Implementations compare with what the cluster holds, so calling {@link #realize} again with the
 * same plan writes nothing: {@link PolicyCycle} calls it on every Enforce cycle, which finishes a plan
 * an earlier cycle left halfway.
 */
public interface PlanRealizer {

  void realize(String policyKey, Plan plan);

  /** What the last {@link #realize} call changed; empty when it wrote nothing. */
  default List<Actuation> lastChanges() {
    return List.of();
  }
}
