package io.costslo.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.decision.Reason;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.LatencyPrediction;
import io.costslo.core.testing.RandomCases;
import org.junit.jupiter.api.Test;

/**
 * A plan whose latency meets the objectives but runs its replicas above
 * {@link FrontierOptimizer#MAX_PLANNED_UTILISATION} of their modelled throughput is not taken as meeting:
 * the cheapest feasible plan is never past the ceiling, and where latency alone would have allowed a
 * smaller fleet the ceiling is what added the replicas.
 */
class UtilisationCeilingTest {

  @Test
  void theCheapestFeasiblePlanStaysUnderTheCeilingAndTheCeilingBinds() {
    int feasible = 0;
    int binding = 0;
    for (long seed = 1; seed <= 600; seed++) {
      RandomCases.Case c = RandomCases.generate(seed, 60, false);
      Optimization o = FrontierOptimizer.optimize(c.policy(), c.load(), c.costs());
      for (FrontierPoint p : o.frontier()) {
        if (p.meetsSlo()) {
          assertThat(p.latency().utilisation()).as("seed %d: %s", seed, p.plan())
              .isLessThanOrEqualTo(FrontierOptimizer.MAX_PLANNED_UTILISATION);
        }
      }
      if (o.reason() != Reason.CheapestFeasible) {
        continue;
      }
      feasible++;
      Plan chosen = o.chosen().plan();
      if (chosen.totalReplicas() <= c.policy().replicas().min()) {
        continue;
      }
      LatencyPrediction oneFewer = LatencyModel.predict(c.policy().capacity().profile(), c.load(),
          chosen.totalReplicas() - 1, chosen.batchCap(), chosen.prefillChunk(), c.policy().objective().percentile());
      boolean latencyAloneMeets = !oneFewer.saturated()
          && c.policy().objective().ratio(oneFewer.ttftMillis(), oneFewer.itlMillis()) <= 1.0;
      if (latencyAloneMeets) {
        binding++;
        assertThat(oneFewer.utilisation()).as("seed %d: one replica fewer meets on latency, so the ceiling", seed)
            .isGreaterThan(FrontierOptimizer.MAX_PLANNED_UTILISATION);
      }
    }
    assertThat(feasible).as("cases with a feasible plan").isGreaterThan(50);
    assertThat(binding).as("cases where the ceiling added a replica").isGreaterThan(0);
  }
}
