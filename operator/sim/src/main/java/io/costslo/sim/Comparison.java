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
import io.costslo.sim.control.FixedController;
import io.costslo.sim.control.LowerBound;
import io.costslo.sim.control.HpaController;
import io.costslo.sim.control.LoadWindows;
import io.costslo.sim.control.OracleController;
import io.costslo.sim.control.StaticPeakController;
import io.costslo.sim.control.WarmStart;
import io.costslo.sim.engine.Controller;
import io.costslo.sim.engine.RunResult;
import io.costslo.sim.engine.SimConfig;
import io.costslo.sim.engine.Simulator;
import io.costslo.sim.policy.SimPolicies;
import io.costslo.sim.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs several controllers on the same workload, cluster physics and seed, each in its own
 * simulation (in parallel threads; results do not depend on scheduling).
 */
public final class Comparison {
  /** What {@code simulate} and the benchmark compare by default. */
  public static final List<String> ALL = List.of("static-peak", "hpa", "hpa-tuned", "keda", "costslo", "bound");

  /** Also accepted: on request only ({@code fixed:N} is any N). */
  public static final List<String> ON_REQUEST = List.of("oracle-model", "hpa-util", "queue", "fixed:N");

  /**
   * The untuned HPA's and KEDA's target, requests in flight (running + waiting) per pod, as a fraction of
   * the batch cap: a user's first guess, half the slots busy.
   */
  public static final double IN_FLIGHT_TARGET_FRACTION = 0.5;
  /** HPA target on running / batch cap ({@code hpa-util}, on request). */
  public static final double HPA_TARGET = 0.7;
  /** KEDA threshold on waiting requests per pod ({@code queue}, on request). */
  public static final double QUEUE_THRESHOLD = 5;

  /** True if {@code name} is a controller this comparison can build. */
  public static boolean known(String name) {
    return ALL.contains(name) || ON_REQUEST.contains(name) || name.equals("oracle") || fixedReplicas(name) > 0;
  }

  /** N for {@code fixed:N}, else -1. */
  static int fixedReplicas(String name) {
    if (!name.startsWith("fixed:")) {
      return -1;
    }
    try {
      int n = Integer.parseInt(name.substring("fixed:".length()).trim());
      return n >= 1 ? n : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Everything one comparison needs. */
  public record Setup(Workload workload, CostPolicy policy, PriceSource prices, SimConfig config, long seed,
      List<String> controllers, int threads) {}

  /** Results in the order the controllers were asked for, with the frontier at the peak for the chart. */
  public record Outcome(Setup setup, CostModel costs, List<RunResult> results, List<FrontierPoint> peakFrontier,
      List<Double> wallSeconds) {
    /** Requests simulated per wall-clock second over all runs of this comparison (searches excluded). */
    public double requestsPerSecond() {
      double wall = wallSeconds.stream().mapToDouble(Double::doubleValue).sum();
      return wall > 0 ? (double) setup.workload().size() * results.size() / wall : Double.NaN;
    }

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
      // Each task builds its controller (hpa-tuned and bound search with simulations of their own) and
      // runs it, so only as many simulations (and their per-request arrays) live at once as threads.
      // hpa and hpa-tuned share their runs (HpaTuning): the factory is not asked for those two.
      HpaTuning tuning = new HpaTuning(s, costs);
      Map<String, Future<Object[]>> byName = new HashMap<>();
      for (String name : submissionOrder(s.controllers())) {
        byName.put(name, pool.submit(() -> {
          if (name.equals("hpa") || name.equals("hpa-tuned")) {
            HpaTuning.Outcome t = name.equals("hpa") ? tuning.untuned() : tuning.tuned();
            return new Object[] {t.result(), t.wallSeconds()};
          }
          Simulator sim = simulator(s, costs, factory.apply(name, costs));
          RunResult r = sim.run();
          return new Object[] {r, sim.wallSeconds()};
        }));
      }
      List<RunResult> results = new ArrayList<>();
      List<Double> wall = new ArrayList<>();
      for (String name : s.controllers()) {
        Object[] done = byName.get(name).get();
        results.add((RunResult) done[0]);
        wall.add((Double) done[1]);
      }
      List<FrontierPoint> frontier = FrontierOptimizer.optimize(s.policy(), LoadWindows.peak(s.workload(), 600), costs)
          .frontier();
      return new Outcome(s, costs, results, frontier, wall);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("simulation failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The order the pool starts the runs in (results keep the order asked for, and do not depend on this):
   * the longest first, so that neither thread idles at the end. hpa-tuned's search is a chain of
   * several runs and goes first; the bound's search next (on threads of its own), then costslo (one
   * run, but its controller plans at every tick: on 14 days it costs about three plain runs); hpa last,
   * since its run is hpa-tuned's first probe and a thread that started it early would wait for it (or
   * duplicate it) there.
   */
  static List<String> submissionOrder(List<String> controllers) {
    List<String> first = List.of("hpa-tuned", "bound", "costslo");
    List<String> order = new ArrayList<>();
    for (String f : first) {
      if (controllers.contains(f)) {
        order.add(f);
      }
    }
    for (String c : controllers) {
      if (!first.contains(c) && !c.equals("hpa") && !order.contains(c)) {
        order.add(c);
      }
    }
    if (controllers.contains("hpa")) {
      order.add("hpa");
    }
    return order;
  }

  /** A simulator of one controller on the setup's workload, physics and seed. */
  public static Simulator simulator(Setup s, CostModel costs, Controller c) {
    // The bound is an idealised yardstick: instant capacity, and spot that is never reclaimed.
    SimConfig config = c instanceof LowerBound ? s.config().withSpot(0, 0, Duration.ZERO) : s.config();
    return new Simulator(s.workload(), s.policy().capacity().profile(), costs.onDemandPerReplica().value(),
        costs.spotPerReplica().value(), config, s.seed(), c, s.policy().objective().ttft(),
        s.policy().objective().itl(), s.policy().objective().percentile());
  }

  /**
   * {@code hpa-tuned}: the in-flight HPA with the largest target (the cheapest setting, fewest replicas)
   * with which the whole run reaches the policy's attainment, searched over 1..4x the
   * batch cap (a lower target never serves worse). If none meets them, target 1. See {@link HpaTuning}.
   */
  public static Controller tunedHpa(Setup s, CostModel costs) {
    HpaTuning.Outcome t = new HpaTuning(s, costs).tuned();
    return new Named(t.controller(), t.result().setting());
  }

  /** KEDA's maxReplicaCount as a careful user derives it: 1.5x the replicas the busiest 10 min needs. */
  static int kedaMax(Setup s, CostModel costs) {
    CostPolicy p = s.policy();
    Plan peak = FrontierOptimizer.optimize(SimPolicies.onDemandAtDefaultCap(p), LoadWindows.peak(s.workload(), 600),
        costs).chosen().plan();
    return Math.max(p.replicas().min(), Math.min(p.replicas().max(), (int) Math.ceil(1.5 * peak.totalReplicas())));
  }

  /** A controller with a setting to report. */
  private record Named(Controller inner, String setting) implements Controller {
    public String name() {
      return inner.name();
    }

    public Plan initialPlan() {
      return inner.initialPlan();
    }

    public Duration interval() {
      return inner.interval();
    }

    public void tick(io.costslo.sim.engine.SimContext context) {
      inner.tick(context);
    }

    public boolean instantCapacity() {
      return inner.instantCapacity();
    }
  }

  /** Starting plans already measured, per setup: every controller of a comparison starts from the same one. */
  private static final Map<Setup, Plan> WARM = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /**
   * Dynamic controllers start warm: on-demand at the default batch settings, sized by the simulator for the
   * first 10 minutes ({@link WarmStart}); the model's size for that load is only where the search starts.
   */
  public static Plan warmPlan(Setup s, CostModel costs) {
    return WARM.computeIfAbsent(s, k -> {
      Plan model = FrontierOptimizer.optimize(SimPolicies.onDemandAtDefaultCap(s.policy()),
          LoadWindows.between(s.workload(), 0, Math.min(WarmStart.SECONDS, s.workload().horizonSeconds())), costs)
          .chosen().plan();
      return WarmStart.measured(s.workload(), s.policy(), s.config(), s.seed(), model.totalReplicas());
    });
  }

  /** Builds a fresh controller by name. */
  public static Controller controller(String name, Setup s, CostModel costs) {
    CostPolicy p = s.policy();
    int defaultCap = p.batch().defaultCap();
    Plan warm = warmPlan(s, costs);
    int min = p.replicas().min();
    int max = p.replicas().max();
    int fixed = fixedReplicas(name);
    if (fixed > 0) {
      // The policy's default batch settings, chunk included: what the Deployment runs before CostSLO moves them.
      return new FixedController(name, new Plan(fixed, 0, defaultCap, p.batch().defaultChunk()));
    }
    double inFlight = Math.max(1, Math.round(IN_FLIGHT_TARGET_FRACTION * defaultCap));
    return switch (name) {
      case "static-peak" -> StaticPeakController.of(p, costs, s.workload());
      case "hpa" -> HpaController.inFlight("hpa", min, max, defaultCap, warm.totalReplicas(), inFlight);
      case "hpa-tuned" -> tunedHpa(s, costs);
      case "keda" -> HpaController.keda(min, max == min ? max : Math.min(max, kedaMax(s, costs)), defaultCap,
          warm.totalReplicas(), inFlight, p.fallbackReplicas().orElse(Math.max(min, warm.totalReplicas())));
      case "hpa-util" -> HpaController.utilisation(min, max, defaultCap, warm.totalReplicas(), HPA_TARGET);
      case "queue" -> HpaController.queue(min, max, defaultCap, warm.totalReplicas(), QUEUE_THRESHOLD);
      case "costslo" -> new CostSloController(p, s.prices(), warm, Duration.ofSeconds(30), Duration.ofMinutes(2));
      case "bound" -> LowerBound.search(s.workload(), p, costs, s.config(), s.seed(), s.threads());
      case "oracle", "oracle-model" -> {
        Plan first = FrontierOptimizer.optimize(SimPolicies.undamped(p),
            LoadWindows.between(s.workload(), 0, 300), costs).chosen().plan();
        yield new OracleController(p, costs, first, Duration.ofMinutes(5));
      }
      default -> throw new IllegalArgumentException("unknown controller '" + name + "'; known: " + ALL + ", on request: "
          + ON_REQUEST);
    };
  }
}
