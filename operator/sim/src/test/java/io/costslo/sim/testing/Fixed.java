package io.costslo.sim.testing;

import io.costslo.core.plan.Plan;
import io.costslo.sim.engine.Controller;
import io.costslo.sim.engine.SimContext;
import java.time.Duration;

/** A controller that never changes its plan. */
public record Fixed(Plan plan) implements Controller {
  @Override
  public String name() {
    return "fixed";
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
    // Fixed.
  }
}
