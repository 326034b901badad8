package io.costslo.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.cost.BuiltInPrices;
import io.costslo.sim.control.CostSloController;
import io.costslo.sim.engine.RunResult;
import io.costslo.sim.engine.SimConfig;
import io.costslo.sim.policy.SimPolicies;
import io.costslo.sim.report.Report;
import io.costslo.sim.workload.Workload;
import io.costslo.sim.workload.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * All controllers on one short synthetic workload: the figures must be sane relative to each other. The
 * searched baselines (hpa-tuned, bound) run on a smaller one so the suite stays quick.
 */
class ComparisonTest {
  private static final java.util.List<String> CHEAP = java.util.List.of("static-peak", "hpa", "keda", "costslo",
      "oracle-model", "fixed:3");
  private static Comparison.Outcome outcome;
  private static Comparison.Outcome searched;
  private static Workload workload;

  @BeforeAll
  static void run() {
    workload = Workloads.synthetic(20, 4, 3);
    outcome = Comparison.run(new Comparison.Setup(workload, SimPolicies.llama8bH100(), new BuiltInPrices(),
        SimConfig.defaults(), 3, CHEAP, 2));
    searched = Comparison.run(new Comparison.Setup(Workloads.synthetic(8, 1, 4), SimPolicies.llama8bH100(),
        new BuiltInPrices(), SimConfig.defaults(), 4, Comparison.ALL, 2));
  }

  @Test
  void searchedBaselinesReportTheirSettingAndTheirOwnAttainment() {
    assertThat(searched.results()).extracting(RunResult::controller).containsExactlyElementsOf(Comparison.ALL);
    RunResult tuned = searched.result("hpa-tuned");
    RunResult hpa = searched.result("hpa");
    RunResult bound = searched.result("bound");
    double p = SimPolicies.llama8bH100().objective().attainmentTarget();
    assertThat(tuned.setting()).contains("running+waiting per pod, target");
    // The tuned target is the cheapest that meets the SLO: it meets it, and (if the untuned one fails) pays more.
    if (tuned.setting().contains("largest meeting")) {
      assertThat(tuned.meets(p)).isTrue();
    }
    if (!hpa.meets(p) && tuned.meets(p)) {
      assertThat(tuned.totalUsd()).isGreaterThanOrEqualTo(hpa.totalUsd() * 0.95);
    }
    assertThat(bound.setting()).contains("windows of 5 min");
    // The bound is built window by window, so no controller meets more windows than it does.
    assertThat(bound.windowAttainment()).isGreaterThanOrEqualTo(searched.result("costslo").windowAttainment());
    assertThat(Report.table(searched)).contains("CostSLO / hpa-tuned CPT", "CostSLO / bound CPT", "SLO");
    for (RunResult r : searched.results()) {
      assertThat(r.usdPerMillionTokens()).as(r.controller()).isEqualTo(r.totalUsd() / r.outputTokens() * 1e6);
    }
  }

  @Test
  void everyControllerServesTheSameWorkload() {
    assertThat(outcome.results()).extracting(RunResult::controller).containsExactlyElementsOf(CHEAP);
    for (RunResult r : outcome.results()) {
      assertThat(r.requests()).isEqualTo(workload.size());
      assertThat(r.completed() + r.dropped() + r.refused()).as(r.controller()).isEqualTo(workload.size());
      assertThat(r.generatedTokens()).as(r.controller()).isEqualTo(r.outputTokens() + r.droppedGeneratedTokens());
      assertThat(r.ttftAttainment()).isBetween(0.0, 1.0);
      assertThat(r.itlAttainment()).isBetween(0.0, 1.0);
      assertThat(r.usdPerMillionTokens()).isEqualTo(r.totalUsd() / r.outputTokens() * 1e6);
    }
  }

  @Test
  void costsOrderSensibly() {
    RunResult peak = outcome.result("static-peak");
    RunResult oracle = outcome.result("oracle-model");
    RunResult costslo = outcome.result("costslo");
    assertThat(oracle.totalUsd()).isLessThanOrEqualTo(peak.totalUsd());
    // With the closed loop, CostSLO buys what the observed per-token ITL needs; today it over-buys
    // (corrections learnt from noisy 2-minute ITL windows, scale-down held for the stability window),
    // so it is not yet cheaper than static peak here: a recorded gap, bounded so it cannot grow unseen.
    assertThat(costslo.totalUsd()).isLessThan(2.0 * peak.totalUsd());
    assertThat(costslo.meets(SimPolicies.llama8bH100().objective().percentile())).as("costslo meets the SLO").isTrue();
    assertThat(peak.scaleEvents()).isZero();
    assertThat(peak.rollouts()).isZero();
    // Sized for the peak at its default cap, with no cold starts to suffer: it meets TTFT; per token,
    // steps that carry whole prompts (up to the 8192-token budget) stretch about 1% of the gaps.
    assertThat(peak.ttftAttainment()).isGreaterThanOrEqualTo(0.99);
    assertThat(peak.itlAttainment()).isGreaterThanOrEqualTo(0.98);
  }

  @Test
  void onlySpotAwareControllersUseSpot() {
    for (String name : new String[] {"static-peak", "hpa", "keda", "fixed:3"}) {
      assertThat(Arrays.stream(outcome.result(name).series().spotReady()).max().orElse(0)).as(name).isZero();
    }
  }

  @Test
  void aFixedFleetRunsThePolicysDefaultCapAndChunk() {
    var base = SimPolicies.llama8bH100();
    var policy = base.withBatch(base.batch().withChunks(java.util.List.of(1024, 4096), java.util.OptionalInt.of(1024)));
    Comparison.Setup s = new Comparison.Setup(Workloads.synthetic(10, 1, 2), policy, new BuiltInPrices(),
        SimConfig.defaults(), 2, java.util.List.of("fixed:2"), 1);
    var costs = io.costslo.core.cycle.ScalingCycle.costModel(policy, new BuiltInPrices().price("H100").orElseThrow());
    var plan = Comparison.controller("fixed:2", s, costs).initialPlan();
    assertThat(plan).isEqualTo(new io.costslo.core.plan.Plan(2, 0, policy.batch().defaultCap(), java.util.OptionalInt.of(1024)));
  }

  @Test
  void costSloDrivesTheCoreScalingCycle() {
    Comparison.Setup s = new Comparison.Setup(Workloads.synthetic(10, 1, 2), SimPolicies.llama8bH100(),
        new BuiltInPrices(), SimConfig.defaults(), 2, java.util.List.of("costslo"), 1);
    var costs = io.costslo.core.cycle.ScalingCycle.costModel(s.policy(), new BuiltInPrices().price("H100").orElseThrow());
    CostSloController c = (CostSloController) Comparison.controller("costslo", s, costs);
    new io.costslo.sim.engine.Simulator(s.workload(), s.policy().capacity().profile(), 6.88, 3.35, s.config(), 2, c,
        s.policy().objective().ttft(), s.policy().objective().itl()).run();
    // One decision per 30 s reconcile from the 2 min warm-up to the end of the hour, each a plan within bounds.
    assertThat(c.decisions()).hasSizeBetween(115, 117);
    assertThat(c.decisions()).allSatisfy(d -> {
      assertThat(d.plan().totalReplicas()).isBetween(1, 64);
      assertThat(s.policy().batch().allowedCaps()).contains(d.plan().batchCap());
    });
  }

  @Test
  void sameSeedGivesByteIdenticalReport(@TempDir Path dir) throws Exception {
    Simulation.Options d = Simulation.Options.defaults();
    for (String run : new String[] {"a", "b"}) {
      Simulation.run(new Simulation.Options(Optional.empty(), Optional.empty(), d.format(), 2, 15, 1, 1, d.policy(),
          CHEAP, 5, Optional.of(dir.resolve(run)), 2, d.config()));
    }
    Simulation.run(new Simulation.Options(Optional.empty(), Optional.empty(), d.format(), 2, 15, 1, 1, d.policy(),
        CHEAP, 6, Optional.of(dir.resolve("c")), 2, d.config()));
    assertThat(Files.mismatch(dir.resolve("a/report.json"), dir.resolve("b/report.json"))).isEqualTo(-1L);
    assertThat(Files.mismatch(dir.resolve("a/report.json"), dir.resolve("c/report.json"))).isNotEqualTo(-1L);
  }

  @Test
  void reportJsonIsWellFormed() {
    String json = Report.json(outcome);
    assertThat(json).contains("\"controller\": \"costslo\"", "\"usdPerMillionOutputTokens\"", "\"ttftAttainment\"",
        "\"peakFrontier\"");
    // Objects in arrays are comma-separated and brackets balance.
    assertThat(json).containsPattern("\\}\\s*,\\s*\\{");
    assertThat(json).doesNotContainPattern("\\}\\s*\\n\\s*\\{");
    assertThat(json.chars().filter(ch -> ch == '{').count()).isEqualTo(json.chars().filter(ch -> ch == '}').count());
    assertThat(json.chars().filter(ch -> ch == '[').count()).isEqualTo(json.chars().filter(ch -> ch == ']').count());
    assertThat(Report.table(outcome)).contains("costslo", "oracle-model", "USD/1Mtok", "SLO", "refused");
    assertThat(json).contains("\"refused\"", "\"windowAttainment\"", "\"scheduler\": \"chunked\"",
        "\"attainmentObjective\": 0.990000");
    for (RunResult r : outcome.results()) {
      // One attainment definition: the smaller of the TTFT share and the token-gap share, in the JSON as such.
      assertThat(r.attainment()).as(r.controller()).isEqualTo(Math.min(r.ttftAttainment(), r.itlAttainment()));
      assertThat(json).contains("\"attainment\": " + String.format(java.util.Locale.ROOT, "%.6g", r.attainment()));
    }
  }

  @Test
  void runningTheControllersOnOneThreadGivesTheSameResultsAsOnTwo() {
    Comparison.Outcome sequential = Comparison.run(new Comparison.Setup(Workloads.synthetic(8, 1, 4),
        SimPolicies.llama8bH100(), new BuiltInPrices(), SimConfig.defaults(), 4, Comparison.ALL, 1));
    assertThat(sequential.results()).usingRecursiveComparison()
        .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class).isEqualTo(searched.results());
  }
}
