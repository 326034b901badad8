package io.costslo.sim;

import io.costslo.core.cost.CostModel;
import io.costslo.core.cost.GpuPrice;
import io.costslo.core.cost.PriceSource;
import io.costslo.core.cycle.ScalingCycle;
import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.plan.FrontierPoint;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.sim.control.CostSloController;
import io.costslo.sim.control.HpaController;
import io.costslo.sim.control.LoadWindows;
import io.costslo.sim.control.OracleController;
import io.costslo.sim.control.StaticPeakController;
import io.costslo.sim.engine.Controller;
import io.costslo.sim.engine.RunResult;
import io.costslo.sim.engine.SimConfig;
import io.costslo.sim.engine.Simulator;
import io.costslo.sim.policy.SimPolicies;
import io.costslo.sim.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs several controllers on the same workload, cluster physics and seed, each in its own
 * simulation (in parallel threads; results do not depend on scheduling).
 */
public final class Comparison {
  public static final List<String> ALL = List.of("static-peak", "hpa", "queue", "costslo", "oracle");

  /** HPA target on running / batch cap, as commonly configured for vLLM. */
  public static final double HPA_TARGET = 0.7;
  /** KEDA threshold: waiting requests per pod. */
  public static final double QUEUE_THRESHOLD = 5;

  /** Everything one comparison needs. */
  public record Setup(Workload workload, CostPolicy policy, PriceSource prices, SimConfig config, long seed,
      List<String> controllers, int threads) {}

  /** Results in the order the controllers were asked for, with the frontier at the peak for the chart. */
  public record Outcome(Setup setup, CostModel costs, List<RunResult> results, List<FrontierPoint> peakFrontier) {
    public RunResult result(String controller) {
      return results.stream().filter(r -> r.controller().equals(controller)).findFirst().orElseThrow();
    }
  }

  public static Outcome run(Setup s) {
    return run(s, (name, costs) -> controller(name, s, costs));
  }

  /** As {@link #run(Setup)}, with the controllers built by {@code factory} (e.g. one driving a real operator). */
  public static Outcome run(Setup s, java.util.function.BiFunction<String, CostModel, Controller> factory) {
    GpuPrice price = ScalingCycle.resolvePrice(s.policy(), s.prices())
        .orElseThrow(() -> new IllegalArgumentException("no price for GPU type " + s.policy().capacity().gpuType()));
    CostModel costs = ScalingCycle.costModel(s.policy(), price);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, s.threads()));
    try {
      List<Future<RunResult>> futures = new ArrayList<>();
      for (String name : s.controllers()) {
        Controller c = factory.apply(name, costs);
        futures.add(pool.submit(() -> new Simulator(s.workload(), s.policy().capacity().profile(),
            costs.onDemandPerReplica().value(), costs.spotPerReplica().value(), s.config(), s.seed(), c,
            s.policy().objective().ttft(), s.policy().objective().itl()).run()));
      }
      List<RunResult> results = new ArrayList<>();
      for (Future<RunResult> f : futures) {
        results.add(f.get());
      }
      List<FrontierPoint> frontier = FrontierOptimizer.optimize(s.policy(), LoadWindows.peak(s.workload(), 600), costs)
          .frontier();
      return new Outcome(s, costs, results, frontier);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("simulation failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Dynamic controllers start warm: on-demand at the default cap, sized for the first 10 minutes' true load. */
  public static Plan warmPlan(Setup s, CostModel costs) {
    return FrontierOptimizer.optimize(SimPolicies.onDemandAtDefaultCap(s.policy()),
        LoadWindows.between(s.workload(), 0, Math.min(600, s.workload().horizonSeconds())), costs).chosen().plan();
  }

  /** Builds a fresh controller by name. */
  public static Controller controller(String name, Setup s, CostModel costs) {
    CostPolicy p = s.policy();
    int defaultCap = p.batch().defaultCap();
    Plan warm = warmPlan(s, costs);
    int min = p.replicas().min();
    int max = p.replicas().max();
    return switch (name) {
      case "static-peak" -> StaticPeakController.of(p, costs, s.workload());
      case "hpa" -> HpaController.utilisation(min, max, defaultCap, warm.totalReplicas(), HPA_TARGET);
      case "queue" -> HpaController.queue(min, max, defaultCap, warm.totalReplicas(), QUEUE_THRESHOLD);
      case "costslo" -> new CostSloController(p, s.prices(), warm, Duration.ofSeconds(30), Duration.ofMinutes(2));
      case "oracle" -> {
        Plan first = FrontierOptimizer.optimize(SimPolicies.undamped(p),
            LoadWindows.between(s.workload(), 0, 300), costs).chosen().plan();
        yield new OracleController(p, costs, first, Duration.ofMinutes(5));
      }
      default -> throw new IllegalArgumentException("unknown controller '" + name + "'; known: " + ALL);
    };
  }
}
