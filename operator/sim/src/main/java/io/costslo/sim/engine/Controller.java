package io.costslo.sim.engine;

import io.costslo.core.plan.Plan;
import java.time.Duration;

/** A scaling policy under test. Each simulation gets a fresh instance. */
public interface Controller {

  String name();

  /** The plan the cluster runs at time 0 (its replicas are ready at once). */
  Plan initialPlan();

  /** How often {@link #tick} runs. */
  Duration interval();

  /** One control step: read metrics from the context and apply a plan. */
  void tick(SimContext context);

  /** True only for the oracle: new replicas are ready at once and rollouts are instant. */
  default boolean instantCapacity() {
    return false;
  }
}
