package io.costslo.sim.bench;

import io.costslo.core.cost.BuiltInPrices;
import io.costslo.core.cost.CostModel;
import io.costslo.core.cost.GpuPrice;
import io.costslo.core.decision.StabilityGuard;
import io.costslo.core.decision.StabilityState;
import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.plan.Optimization;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.CostPolicy.BatchOptions;
import io.costslo.core.policy.CostPolicy.Budget;
import io.costslo.core.policy.CostPolicy.Capacity;
import io.costslo.core.policy.CostPolicy.LatencyObjective;
import io.costslo.core.policy.CostPolicy.ReplicaBounds;
import io.costslo.core.policy.CostPolicy.SpotOptions;
import io.costslo.core.policy.CostPolicy.StabilityOptions;
import io.costslo.core.policy.Priority;
import io.costslo.core.units.RequestsPerSecond;
import io.costslo.core.units.UsdPerHour;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * How long one decision takes: optimizer (the frontier a decision keeps included) plus the stability step, over
 * 200 replica counts x 8 batch caps x every spot split, on a seeded mix of loads, budgets and
 * priorities. Plain Java on purpose (no JMH): warm-up, then wall-clock per decision with
 * {@link System#nanoTime()}. Only the benchmark reads the clock; the core never does.
 */
public final class DecisionTimeBenchmark {
  static final int REPLICA_COUNTS = 200;
  static final List<Integer> BATCH_CAPS = List.of(8, 16, 32, 64, 128, 192, 256, 512);

  /** Figures of one run, in milliseconds. */
  public record Result(int decisions, double medianMillis, double p99Millis, double meanMillis, double maxMillis,
      long plansInSpace, double meanFrontierPoints) {}

  private DecisionTimeBenchmark() {}

  /** The Markdown section another tool writes to docs/benchmarks.md. */
  public static String markdownSection() {
    return markdown(run(3_000, 10_000, 42L), run(3_000, 10_000, 42L, true));
  }

  public static Result run(int warmup, int decisions, long seed) {
    return run(warmup, decisions, seed, false);
  }

  /**
   * As above; with {@code chunks} every policy also allows the prefill chunks a vLLM user would
   * (512..8192 tokens, {@link io.costslo.sim.policy.SimPolicies#USER_CHUNKS}), each paired with the caps it admits.
   */
  public static Result run(int warmup, int decisions, long seed, boolean chunks) {
    Random random = new Random(seed);
    Problem[] problems = new Problem[64];
    for (int i = 0; i < problems.length; i++) {
      problems[i] = Problem.random(random, chunks);
    }
    long sink = 0;
    for (int i = 0; i < warmup; i++) {
      sink += decide(problems[i % problems.length]).point().plan().totalReplicas();
    }
    double[] millis = new double[decisions];
    long frontierPoints = 0;
    for (int i = 0; i < decisions; i++) {
      Problem p = problems[i % problems.length];
      long start = System.nanoTime();
      StabilityGuard.Outcome out = decide(p);
      millis[i] = (System.nanoTime() - start) / 1e6;
      sink += out.point().plan().totalReplicas();
      frontierPoints += p.lastFrontierSize;
    }
    if (sink == Long.MIN_VALUE) {
      System.out.println(sink); // keeps the JIT from discarding the work
    }
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    return new Result(decisions, quantile(sorted, 0.5), quantile(sorted, 0.99),
        Arrays.stream(sorted).average().orElse(0), sorted[sorted.length - 1], plansInSpace(problems[0].policy),
        (double) frontierPoints / decisions);
  }

  private static StabilityGuard.Outcome decide(Problem p) {
    Optimization o = FrontierOptimizer.optimize(p.policy, p.load, p.costs);
    // The frontier a decision keeps, as the cycle asks for it (the whole one is for plan and charts).
    p.lastFrontierSize = o.frontierThroughCheapestMeeting(FrontierOptimizer.DECISION_FRONTIER_BEYOND_MEETING).size();
    return StabilityGuard.apply(p.policy, o, p.current, p.now, StabilityState.empty());
  }

  /** Plans exhaustive search would visit: every (on-demand, spot) split of every total, per cap. */
  private static long plansInSpace(CostPolicy policy) {
    long perCap = 0;
    for (int total = policy.replicas().min(); total <= policy.replicas().max(); total++) {
      perCap += total + 1;
    }
    long settings = policy.batch().allowedCaps().stream().mapToLong(c -> policy.batch().chunksFor(c).size()).sum();
    return perCap * settings;
  }

  private static double quantile(double[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  public static String markdown(Result r) {
    return markdown(r, null);
  }

  /** The section, with the same problems' figures when chunks are allowed too (null: without them). */
  public static String markdown(Result r, Result withChunks) {
    Runtime rt = Runtime.getRuntime();
    StringBuilder md = new StringBuilder();
    md.append("## Decision time\n\n");
    md.append(String.format(Locale.ROOT,
        "One decision = frontier optimizer (cost, latency and CPT over %d replica counts x %d batch caps x every "
            + "spot split: %,d plans for exhaustive search; the frontier through the cheapest plan meeting the "
            + "objectives and %d beyond, what the cycle keeps) plus the stability step. %,d decisions over 64 seeded "
            + "problems (Llama-3-8B/H100 and 70B/2xH100 profiles, loads from idle to beyond capacity, spot on, "
            + "budgets and both priorities), after warm-up.%n%n",
        REPLICA_COUNTS, BATCH_CAPS.size(), r.plansInSpace(), FrontierOptimizer.DECISION_FRONTIER_BEYOND_MEETING,
        r.decisions()));
    md.append("| statistic | decision time |\n|---|---|\n");
    md.append(String.format(Locale.ROOT, "| median | %.3f ms |%n", r.medianMillis()));
    md.append(String.format(Locale.ROOT, "| p99 | %.3f ms |%n", r.p99Millis()));
    md.append(String.format(Locale.ROOT, "| mean | %.3f ms |%n", r.meanMillis()));
    md.append(String.format(Locale.ROOT, "| max | %.3f ms |%n", r.maxMillis()));
    md.append(String.format(Locale.ROOT, "%nMean frontier size: %.1f points.%n%n", r.meanFrontierPoints()));
    if (withChunks != null) {
      md.append(String.format(Locale.ROOT, "With prefill chunks 512..8192 tokens allowed beside the caps (%,d plans): "
              + "median %.3f ms, p99 %.3f ms, max %.3f ms; mean frontier %.1f points.%n%n", withChunks.plansInSpace(),
          withChunks.medianMillis(), withChunks.p99Millis(), withChunks.maxMillis(), withChunks.meanFrontierPoints()));
    }
    md.append(String.format(Locale.ROOT, "Machine: %d cores available to the JVM, max heap %d MiB; %s %s (%s); %s %s.%n",
        rt.availableProcessors(), rt.maxMemory() / (1024 * 1024), System.getProperty("java.vm.name"),
        System.getProperty("java.version"), System.getProperty("java.vm.vendor"), System.getProperty("os.name"),
        System.getProperty("os.arch")));
    md.append("\nMethod: plain System.nanoTime() around each decision (no JMH); figures vary by machine and load.\n");
    return md.toString();
  }

  public static void main(String[] args) {
    System.out.print(markdownSection());
  }

  /** One benchmark input. */
  private static final class Problem {
    final CostPolicy policy;
    final Load load;
    final CostModel costs;
    final Plan current;
    final Instant now = Instant.parse("2026-01-01T00:00:00Z");
    int lastFrontierSize;

    private Problem(CostPolicy policy, Load load, CostModel costs, Plan current) {
      this.policy = policy;
      this.load = load;
      this.costs = costs;
      this.current = current;
    }

    static Problem random(Random r, boolean chunks) {
      boolean big = r.nextInt(3) == 0;
      var profile = big ? BuiltInProfiles.LLAMA_70B_2X_H100 : BuiltInProfiles.LLAMA_8B_H100;
      double in = 200 + r.nextDouble() * (big ? 1500 : 3000);
      double out = 50 + r.nextDouble() * 500;
      Load unit = new Load(RequestsPerSecond.of(1), new TokenLengths(in, in * 2.5), new TokenLengths(out, out * 3));
      double perReplica = io.costslo.core.model.LatencyModel.maxRequestRatePerReplica(profile, unit, 128).value();
      double rate = r.nextInt(16) == 0 ? 0 : perReplica * REPLICA_COUNTS * r.nextDouble() * 0.9;
      Load load = unit.withRate(RequestsPerSecond.of(rate));
      GpuPrice price = new BuiltInPrices().price("H100").orElseThrow();
      SpotOptions spot = new SpotOptions(true, 0.3 + 0.6 * r.nextDouble(), r.nextInt(3), 0.05 + 0.2 * r.nextDouble(),
          Duration.ofMinutes(2 + r.nextInt(10)), Optional.empty());
      double ttftMillis = (big ? 2000 : 800) * (0.5 + r.nextDouble() * 2);
      double itlMillis = profile.baseMillis() * (1.2 + r.nextDouble() * 2);
      Budget budget = r.nextBoolean() ? Budget.none()
          : Budget.perHour(UsdPerHour.of(price.onDemandPerGpu().value() * profile.gpusPerReplica() * REPLICA_COUNTS
              * r.nextDouble()));
      CostPolicy policy = new CostPolicy(
          LatencyObjective.of(0.99, Duration.ofMillis((long) ttftMillis), Duration.ofMillis((long) Math.ceil(itlMillis))),
          budget, r.nextBoolean() ? Priority.SLO : Priority.BUDGET, new ReplicaBounds(1, REPLICA_COUNTS),
          chunks ? new BatchOptions(BATCH_CAPS, 128).withChunks(io.costslo.sim.policy.SimPolicies.USER_CHUNKS,
              java.util.OptionalInt.of(io.costslo.sim.policy.SimPolicies.ENGINE_DEFAULT_CHUNK))
              : new BatchOptions(BATCH_CAPS, 128), Capacity.of(profile), spot, StabilityOptions.defaults(), Map.of(),
          Optional.empty());
      CostModel costs = CostModel.of(price, profile.gpusPerReplica(), spot.preemptionsPerReplicaHour(),
          spot.recoveryTime());
      return new Problem(policy, load, costs, new Plan(1 + r.nextInt(REPLICA_COUNTS), 0, 128,
          chunks ? java.util.OptionalInt.of(io.costslo.sim.policy.SimPolicies.ENGINE_DEFAULT_CHUNK)
              : java.util.OptionalInt.empty()));
    }
  }
}
