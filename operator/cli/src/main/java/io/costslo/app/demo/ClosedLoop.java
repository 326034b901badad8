package io.costslo.app.demo;

import io.costslo.core.units.Durations;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.app.operator.BatchSetting;
import io.costslo.app.operator.CostSloOperator;
import io.costslo.app.operator.EmbeddedCluster;
import io.costslo.app.operator.Examples;
import io.costslo.app.operator.OperatorSettings;
import io.costslo.app.policy.InvalidPolicyException;
import io.costslo.core.units.Percentiles;
import io.costslo.app.policy.PolicyMapper;
import io.costslo.core.cost.BuiltInPrices;
import io.costslo.core.cost.CostModel;
import io.costslo.core.cycle.ScalingCycle;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.sim.Comparison;
import io.costslo.sim.engine.SimConfig;
import io.costslo.sim.engine.Simulator;
import io.costslo.sim.report.Charts;
import io.costslo.sim.report.Report;
import io.costslo.sim.workload.Workload;
import io.costslo.sim.workload.Workloads;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The closed loop behind {@code costslo demo}: an embedded API server with the examples applied,
 * the real operator (the same reconciler as {@code costslo run}) reading simulated vLLM pods through
 * its pod scrape, and the simulator's fleet following the Deployments the operator writes. The
 * simulator's own {@code costslo} controller runs beside it on the same workload and seed, so the
 * two paths can be compared.
 */
public final class ClosedLoop {
  /** Operator requeue delays shrink by this factor: a 30 s interval is waited as 50 ms. */
  static final double TIME_SCALE = 600;

  /**
   * @param examples directory of YAML to apply, or null for the bundled examples
   * @param namespace namespace to apply them in
   * @param hours length of the built-in synthetic workload
   * @param meanRps its mean request rate
   * @param seed seed for arrivals, preemptions and outages
   * @param out where report.json and charts go, if anywhere
   */
  public record Options(Path examples, String namespace, double hours, double meanRps, long seed, Optional<Path> out) {}

  /** The comparison, and how many decisions the loop waited for in vain. */
  public record Result(Comparison.Outcome outcome, int missedDecisions) {}

  private ClosedLoop() {}

  public static Result run(Options o, PrintWriter log) throws InvalidPolicyException {
    try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
      KubernetesClient client = cluster.client();
      for (Map.Entry<String, String> e : Examples.load(o.examples()).entrySet()) {
        var items = cluster.apply(Examples.stream(e.getValue()), o.namespace());
        log.printf("applied %s: %s%n", e.getKey(),
            items.stream().map(i -> i.getKind() + "/" + i.getMetadata().getName()).toList());
      }
      InferenceCostPolicy policy = enforced(client, o.namespace(), log, client.resources(InferenceCostPolicy.class)
          .inNamespace(o.namespace()).list().getItems().stream().findFirst()
          .orElseThrow(() -> new IllegalArgumentException("the examples hold no InferenceCostPolicy")));
      Deployment target = client.apps().deployments().inNamespace(o.namespace())
          .withName(policy.getSpec().targetRef.name).get();
      if (target == null) {
        throw new IllegalArgumentException("the examples hold no Deployment " + policy.getSpec().targetRef.name);
      }
      CostPolicy core = new PolicyMapper().toCore(policy.getSpec(),
          BatchSetting.read(target.getSpec().getTemplate().getSpec(), policy.getSpec().batch));
      Workload workload = Workloads.synthetic(o.meanRps(), o.hours(), o.seed());
      Comparison.Setup setup = new Comparison.Setup(workload, core, new BuiltInPrices(), SimConfig.defaults(), o.seed(),
          List.of("costslo", ClusterLoopController.NAME), 2);
      CostModel costs = ScalingCycle.costModel(core, ScalingCycle.resolvePrice(core, new BuiltInPrices()).orElseThrow());
      Plan warm = Comparison.warmPlan(setup, costs);
      // Both paths start where the simulator's controllers start: warm, on-demand.
      client.apps().deployments().inNamespace(o.namespace()).withName(target.getMetadata().getName())
          .scale(warm.totalReplicas());
      log.printf("workload: %s, %d requests over %.1f h; both paths start at %s%n", workload.name(),
          workload.size(), o.hours(), warm);

      SharedClock clock = new SharedClock(Simulator.EPOCH);
      ClusterLoopController[] loop = new ClusterLoopController[1];
      try (SimulatedPods pods = new SimulatedPods(client, o.namespace(), clock);
          KubernetesClient operatorClient = CostSloOperator.client(client.getConfiguration());
          CostSloOperator operator = CostSloOperator.create(operatorClient,
              new OperatorSettings(Set.of(o.namespace()), false, null, null, Duration.ofMinutes(10), TIME_SCALE),
              clock)) {
        // The pods listen on a port picked free at start: the policy is told, as a user would set it.
        client.resources(InferenceCostPolicy.class).inNamespace(o.namespace()).withName(policy.getMetadata().getName())
            .edit(p -> {
              if (p.getSpec().metrics == null) {
                p.getSpec().metrics = new io.costslo.api.v1alpha1.MetricsSpec();
              }
              p.getSpec().metrics.port = pods.port();
              return p;
            });
        operator.start();
        Consumer<ClusterLoopController.Tick> progress = progress(log, policy);
        Comparison.Outcome outcome = Comparison.run(setup, (name, c) -> {
          if ("costslo".equals(name)) {
            // The pod scrape reports percentiles and mean lengths only: the simulated side sees the same.
            return new io.costslo.sim.control.CostSloController(setup.policy(), setup.prices(),
                Comparison.warmPlan(setup, c), java.time.Duration.ofSeconds(30), java.time.Duration.ofMinutes(2), false);
          }
          if (!ClusterLoopController.NAME.equals(name)) {
            return Comparison.controller(name, setup, c);
          }
          loop[0] = new ClusterLoopController(client, o.namespace(), policy.getMetadata().getName(), clock, pods,
              warm, progress);
          return loop[0];
        });
        o.out().ifPresent(dir -> {
          Report.writeJson(outcome, dir);
          Charts.write(outcome, dir);
        });
        return new Result(outcome, loop[0].missedDecisions());
      }
    }
  }

  /** The example ships in Recommend mode; the demo shows the loop closed, as after the switch users make. */
  private static InferenceCostPolicy enforced(KubernetesClient client, String namespace, PrintWriter log,
      InferenceCostPolicy policy) {
    if ("Enforce".equals(policy.getSpec().mode)) {
      return policy;
    }
    String name = policy.getMetadata().getName();
    log.printf("switched %s to Enforce (kubectl patch icp %s --type merge -p '{\"spec\":{\"mode\":\"Enforce\"}}')%n",
        name, name);
    return client.resources(InferenceCostPolicy.class).inNamespace(namespace).withName(name).edit(p -> {
      p.getSpec().mode = "Enforce";
      return p;
    });
  }

  /** A line every simulated 10 minutes: time, load, replicas by capacity type, CPT vs budget, TTFT vs objective. */
  private static Consumer<ClusterLoopController.Tick> progress(PrintWriter log, InferenceCostPolicy initial) {
    Duration every = Duration.ofMinutes(10);
    String ttftObjective = initial.getSpec().objectives.ttft;
    String budget = initial.getSpec().budget == null || initial.getSpec().budget.maxUsdPerMillionTokens == null ? "none"
        : String.format("$%.2f", initial.getSpec().budget.maxUsdPerMillionTokens);
    String pct = Percentiles.label(initial.getSpec().objectives.percentile / 100.0);
    return tick -> {
      long seconds = Duration.between(Simulator.EPOCH, tick.at()).toSeconds();
      if (seconds % every.toSeconds() != 0) {
        return;
      }
      var observed = tick.policy().getStatus() == null ? null : tick.policy().getStatus().observed;
      String cpt = observed == null || observed.usdPerMillionTokens == null ? "-"
          : String.format("$%.3f", observed.usdPerMillionTokens);
      String ttft = observed == null || observed.ttft == null ? "-" : observed.ttft;
      log.printf("[%02d:%02d sim] %6.1f rps | %d on-demand + %d spot @ batch %d | CPT %s/1M (budget %s) | %s TTFT %s"
              + " (objective %s)%n", seconds / 3600, (seconds % 3600) / 60, tick.window().completionsPerSecond(),
          tick.plan().onDemandReplicas(), tick.plan().spotReplicas(), tick.plan().batchCap(), cpt, budget, pct, ttft,
          Durations.format(Durations.parse(ttftObjective)));
      log.flush();
    };
  }
}
