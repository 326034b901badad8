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

  /** The setting a searched or derived baseline ended up with (e.g. hpa-tuned's target), for the report. */
  default String setting() {
    return "";
  }

  /** True only for yardsticks with foresight (oracle-model, bound): new replicas are ready at once. */
  default boolean instantCapacity() {
    return false;
  }
}
