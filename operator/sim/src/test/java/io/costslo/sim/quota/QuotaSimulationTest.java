package io.costslo.sim.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.cost.BuiltInPrices;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.quota.Period;
import io.costslo.core.quota.QuotaLimits;
import io.costslo.core.units.Usd;
import io.costslo.sim.engine.SimConfig;
import io.costslo.sim.policy.SimPolicies;
import io.costslo.sim.workload.Workloads;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The example team (examples/team-quota/): three Llama-3-8B deployments on A10G under one monthly
 * quota, a simulated month (31 days from the simulator's epoch, the quota's month starting on the
 * 5th), each deployment run by the operator's PolicyCycle. The quota counts what the fleet bills.
 * Tolerances: replicas.min is a floor no allowance cuts, so once what is left of the month is below
 * the floors' cost they keep running: counted spend may pass the limit by 0.1% and the quota may run
 * out in the month's last two hours. Billed also holds the drain past the horizon, which falls in the
 * next period: it may pass the limit by 0.5%.
 */
class QuotaSimulationTest {
  static final double HOURS = 31 * 24;
  static final double LIMIT_USD = Double.parseDouble(System.getProperty("costslo.quotaSim.limit", "6500"));

  static CostPolicy onA10g() {
    CostPolicy p = SimPolicies.llama8bH100();
    return new CostPolicy(p.objective(), p.budget(), p.priority(), new CostPolicy.ReplicaBounds(1, 16), p.batch(),
        CostPolicy.Capacity.of(BuiltInProfiles.LLAMA_8B_A10G), CostPolicy.SpotOptions.disabled(), p.stability(),
        Map.of(), Optional.empty());
  }

  static List<QuotaSimulation.Deployment> team(double hours) {
    return List.of(
        new QuotaSimulation.Deployment("chat", "search", 10, true, onA10g(), Workloads.synthetic(0.6, hours, 1)),
        new QuotaSimulation.Deployment("rerank", "search", 10, false, onA10g(), Workloads.synthetic(0.5, hours, 2)),
        new QuotaSimulation.Deployment("batch-summary", "search", 0, false, onA10g(), Workloads.synthetic(0.5, hours, 3)));
  }

  @Test
  void aMonthUnderTheQuotaStaysWithinItPacedAndTheLowerPriorityGivesWay() {
    QuotaLimits limits = QuotaLimits.perPeriod(
        new QuotaLimits.PeriodLimit(Period.MONTH, Usd.of(LIMIT_USD), ZoneOffset.UTC, 5));
    QuotaSimulation.Result r = QuotaSimulation.run(team(HOURS), limits, new BuiltInPrices(), SimConfig.defaults(), 7);
    System.out.println(QuotaSimulation.table(r));

    double[] byDay = r.spentByDay();
    assertThat(byDay[byDay.length - 1]).as("counted spend over the month").isLessThanOrEqualTo(LIMIT_USD * 1.001)
        // Counted at control rounds: what the fleet bills while draining after the last one is not in it
        // (billedUsd below holds that), so "used" allows a few percent.
        .as("and the quota is used, not hoarded").isGreaterThan(LIMIT_USD * 0.97);
    assertThat(r.billedUsd()).as("billed over the month").isLessThanOrEqualTo(LIMIT_USD * 1.005);
    java.time.Instant monthEnd = java.time.Instant.parse("2026-02-05T00:00:00Z");
    if (r.firstExhausted() != null) {
      assertThat(r.firstExhausted()).as("not exhausted before the month's last two hours")
          .isAfter(monthEnd.minus(java.time.Duration.ofHours(2)));
    }
    assertThat(byDay[19]).as("by the 20th day at most its share and a peak's margin").isLessThan(LIMIT_USD * 20 / 31 * 1.1);
    var chat = r.deployments().get(0);
    var rerank = r.deployments().get(1);
    var batch = r.deployments().get(2);
    assertThat(batch.cutHours()).as("the lower priority gives way first").isGreaterThan(rerank.cutHours());
    assertThat(chat.cutHours()).as("keepSlo").isLessThanOrEqualTo(rerank.cutHours());
    assertThat(chat.attainment()).as("chat keeps its SLO").isGreaterThan(0.98);
    assertThat(r.teams()).singleElement().satisfies(t -> assertThat(t.usd()).isCloseTo(r.billedUsd(), within(1e-6)));
  }
}
