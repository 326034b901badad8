package io.costslo.sim.control;

import io.costslo.core.cost.CostModel;
import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.policy.CostPolicy;
import io.costslo.sim.policy.SimPolicies;
import io.costslo.sim.workload.Workload;

/**
 * What many teams run: on-demand replicas at the default batch cap, sized once for the busiest
 * 10 minutes of the workload (sized with the core's latency model so it meets the objectives there).
 */
public final class StaticPeakController {
  private StaticPeakController() {}

  public static FixedController of(CostPolicy policy, CostModel costs, Workload workload) {
    CostPolicy sizing = SimPolicies.onDemandAtDefaultCap(policy);
    return new FixedController("static-peak",
        FrontierOptimizer.optimize(sizing, LoadWindows.peak(workload, 600), costs).chosen().plan());
  }
}
