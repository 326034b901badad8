package io.costslo.sim.engine;

import io.costslo.core.plan.Plan;
import io.costslo.sim.workload.Workload;
import java.time.Duration;
import java.time.Instant;

/** What a controller sees of, and does to, the simulated cluster. */
public interface SimContext {

  /** Simulated clock, seconds since the start. */
  double nowSeconds();

  /** Simulated clock as an instant (epoch + nowSeconds), for the core's time-based rules. */
  Instant now();

  /** Metrics over the last {@code window} as a metrics backend would report them. */
  WindowStats window(Duration window, double percentile);

  /**
   * Over the last {@code window}: the share of first tokens within {@code ttftObjective} and of token
   * gaps within {@code itlObjective} (NaN where none), as the histograms' buckets at the objectives give them.
   */
  default double[] withinObjectives(Duration window, Duration ttftObjective, Duration itlObjective) {
    return new double[] {Double.NaN, Double.NaN};
  }

  /** The plan the Deployments are asked to run (not necessarily ready yet). */
  Plan desired();

  /** Changes the desired plan: replicas are created (cold start), drained, or rolled to a new batch cap. */
  void apply(Plan plan);

  /** Replicas ready to serve now, both capacity types. */
  int readyReplicas();

  /** Replicas of one capacity type ready to serve now. */
  int readyReplicas(CapacityType type);

  /** Requests finished so far (completed, not dropped), in order of completion. */
  int finishedCount();

  /** The i-th finished request, 0 <= i < finishedCount(): what a model server's metrics count for it. */
  FinishedRequest finished(int i);

  /** One finished request as its server's histograms and counters see it. */
  record FinishedRequest(int promptTokens, int outputTokens, double ttftSeconds, double meanItlSeconds,
      double e2eSeconds) {}

  /**
   * What the fleet has billed so far (USD), the meters of live replicas included: what a cost quota
   * counts. NaN for a context without billing.
   */
  default double billedUsd() {
    return Double.NaN;
  }

  /** The workload, for controllers allowed foresight (the oracle only). */
  Workload workload();
}
