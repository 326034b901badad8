package io.costslo.sim.control;

import io.costslo.core.cost.CostModel;
import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.sim.engine.Controller;
import io.costslo.sim.engine.SimContext;
import io.costslo.sim.policy.SimPolicies;
import io.costslo.sim.workload.Workload;
import java.time.Duration;

/**
 * What many teams run: on-demand replicas at the default batch cap, sized once for the busiest
 * 10 minutes of the workload (sized with the core's latency model so it meets the objectives there).
 */
public final class StaticPeakController implements Controller {
  private final Plan plan;

  public StaticPeakController(CostPolicy policy, CostModel costs, Workload workload) {
    CostPolicy sizing = SimPolicies.onDemandAtDefaultCap(policy);
    this.plan = FrontierOptimizer.optimize(sizing, LoadWindows.peak(workload, 600), costs).chosen().plan();
  }

  @Override
  public String name() {
    return "static-peak";
  }

  @Override
  public Plan initialPlan() {
    return plan;
  }

  @Override
  public Duration interval() {
    return Duration.ofHours(1);
  }

  @Override
  public void tick(SimContext context) {
    // Never changes.
  }
}
