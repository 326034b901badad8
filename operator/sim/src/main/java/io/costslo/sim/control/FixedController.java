package io.costslo.sim.control;

import io.costslo.core.plan.Plan;
import io.costslo.sim.engine.Controller;
import io.costslo.sim.engine.SimContext;
import java.time.Duration;

/** A controller that never changes its plan: static sizing, and a known plan to judge a model on. */
public record FixedController(String name, Plan initialPlan) implements Controller {

  @Override
  public Duration interval() {
    return Duration.ofHours(1);
  }

  @Override
  public void tick(SimContext context) {
    // The plan never changes.
  }
}
