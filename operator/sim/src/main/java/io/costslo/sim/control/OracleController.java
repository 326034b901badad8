package io.costslo.sim.control;

import io.costslo.core.cost.CostModel;
import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.sim.engine.Controller;
import io.costslo.sim.engine.SimContext;
import io.costslo.sim.policy.SimPolicies;
import java.time.Duration;

/**
 * {@code oracle-model}: foresight judged by the core's own model, NOT a lower bound (it shares the
 * model's errors; {@link LowerBound} is the simulator's bound). Every minute it knows the true load of the next {@code lookahead}
 * (rate and mean lengths of the requests that will arrive) and takes the core optimizer's cheapest
 * plan for it, undamped; its replicas and rollouts need no cold start. It still pays for spot
 * preemptions like everyone else.
 */
public final class OracleController implements Controller {
  private final CostPolicy policy;
  private final CostModel costs;
  private final Duration lookahead;
  private final Plan initial;

  public OracleController(CostPolicy policy, CostModel costs, Plan initial, Duration lookahead) {
    this.policy = SimPolicies.undamped(policy);
    this.costs = costs;
    this.lookahead = lookahead;
    this.initial = initial;
  }

  @Override
  public String name() {
    return "oracle-model";
  }

  @Override
  public Plan initialPlan() {
    return initial;
  }

  @Override
  public Duration interval() {
    return Duration.ofMinutes(1);
  }

  @Override
  public boolean instantCapacity() {
    return true;
  }

  @Override
  public void tick(SimContext context) {
    double t = context.nowSeconds();
    if (t + 60 < context.workload().horizonSeconds()) {
      context.apply(plan(context, t));
    }
  }

  /** Also used for the initial plan: the plan for the true load ahead of t. */
  Plan plan(SimContext context, double t) {
    return FrontierOptimizer.optimize(policy,
        LoadWindows.between(context.workload(), t, t + lookahead.toNanos() / 1e9), costs).chosen().plan();
  }
}
