package io.costslo.core.cycle;

import io.costslo.core.plan.Plan;

/** Port: makes a plan real (Deployment replicas, spot/on-demand node placement, --max-num-seqs). */
public interface PlanRealizer {

  /** Applies the plan; called only when it differs from the current one. */
  void realize(String policyKey, Plan plan);
}
