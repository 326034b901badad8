package io.costslo.sim.control;

import io.costslo.core.cost.CostModel;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.sim.engine.Controller;
import io.costslo.sim.engine.RunResult;
import io.costslo.sim.engine.SimConfig;
import io.costslo.sim.engine.SimContext;
import io.costslo.sim.engine.Simulator;
import io.costslo.sim.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code bound}: a lower bound on what any controller could pay on this workload, computed by the
 * simulator itself, not by the core's model. Per 5-minute window, every allowed batch setting (cap,
 * and prefill chunk where the policy allows chunks: the same choices CostSLO has) is tried and
 * the fewest replicas found (binary search) with which the simulator, replaying only that window's
 * requests on a fleet that is ready at once with the most spot the policy allows (no reclaims), meets
 * both objectives at the policy's percentile; the cheapest (replicas, setting) wins, ties to the setting that
 * won the previous window, which is searched first ({@link #inSearchOrder}). Cost depends on the
 * replica count only, so once a window has a best fleet every other setting needs one probe (the largest
 * cheaper fleet) to be ruled out; that keeps a finer setting space affordable, as does taking a probe's
 * verdict from the same fleet at another cap where neither cap could bind ({@link UnboundCapReplays}).
 * Where no size meets them (a prompt that alone breaks the TTFT objective, refused requests), the window
 * takes the smallest fleet that does as well as the largest, and is counted as unmeetable. The run then
 * replays the whole workload with these plans applied at each window's start with instant capacity and
 * spot that is never reclaimed, so queues carry over between windows there (the per-window search starts
 * empty, which is why it is a bound and not a plan).
 */
public final class LowerBound implements Controller {
  public static final double WINDOW_SECONDS = 300;

  private final List<Plan> plans;
  private final int unmeetable;
  private final long reusedVerdicts;
  private final long searches;

  private LowerBound(List<Plan> plans, int unmeetable, Tally tally) {
    this.plans = plans;
    this.unmeetable = unmeetable;
    this.reusedVerdicts = tally.reused.sum();
    this.searches = tally.searches.sum();
  }

  /** What the chunks' searches did, over all threads (for tests). */
  private static final class Tally {
    final java.util.concurrent.atomic.LongAdder reused = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder searches = new java.util.concurrent.atomic.LongAdder();
  }

  /** Windows searched in one sequence (each sequence starts its guesses afresh, so sequences run in parallel). */
  static final int WINDOWS_PER_CHUNK = 48;

  /** Searches the per-window fleets (several simulations per window), one thread. */
  public static LowerBound search(Workload w, CostPolicy policy, CostModel costs, SimConfig config, long seed) {
    return search(w, policy, costs, config, seed, 1);
  }

  /**
   * Searches the per-window fleets on {@code threads} threads: the windows are cut into fixed chunks of
   * {@link #WINDOWS_PER_CHUNK}, each searched in order (a window's search starts from the previous
   * window's answers), so the plans do not depend on the thread count or on scheduling.
   */
  public static LowerBound search(Workload w, CostPolicy policy, CostModel costs, SimConfig config, long seed,
      int threads) {
    return search(w, policy, costs, config, seed, threads, true);
  }

  /** As above; {@code reuseUnboundCaps} false replays every probe (for the test that reuse changes nothing). */
  static LowerBound search(Workload w, CostPolicy policy, CostModel costs, SimConfig config, long seed,
      int threads, boolean reuseUnboundCaps) {
    SimConfig noReclaims = config.withSpot(0, 0, Duration.ZERO);
    int windows = (int) Math.ceil(w.horizonSeconds() / WINDOW_SECONDS - 1e-9);
    int chunks = Math.max(1, (windows + WINDOWS_PER_CHUNK - 1) / WINDOWS_PER_CHUNK);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
        Math.max(1, Math.min(threads, chunks)));
    Tally tally = new Tally();
    try {
      List<java.util.concurrent.Future<Plan[]>> parts = new ArrayList<>();
      for (int c = 0; c < chunks; c++) {
        int from = c * WINDOWS_PER_CHUNK;
        int to = Math.min(windows, from + WINDOWS_PER_CHUNK);
        parts.add(pool.submit(() -> chunk(w, policy, costs, noReclaims, seed, from, to, reuseUnboundCaps, tally)));
      }
      List<Plan> plans = new ArrayList<>();
      int unmeetable = 0;
      for (java.util.concurrent.Future<Plan[]> f : parts) {
        Plan[] r = f.get();
        for (int i = 0; i < r.length; i += 2) {
          plans.add(r[i]);
          unmeetable += r[i + 1] != null ? 1 : 0;
        }
      }
      if (plans.isEmpty()) {
        plans.add(split(policy, policy.replicas().min(), policy.batch().defaultCap()));
      }
      return new LowerBound(plans, unmeetable, tally);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("bound search failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Windows [from, to): per window its plan, then a non-null marker if it is unmeetable at any size. */
  private static Plan[] chunk(Workload w, CostPolicy policy, CostModel costs, SimConfig noReclaims, long seed,
      int from, int to, boolean reuseUnboundCaps, Tally tally) {
    Plan[] out = new Plan[2 * (to - from)];
    List<Integer> caps = new ArrayList<>();
    List<OptionalInt> chunks = new ArrayList<>();
    for (int cap : policy.batch().allowedCaps()) {
      // Largest chunk first: the engine default, and the cheapest setting wherever prefill is light.
      List<OptionalInt> forCap = new ArrayList<>(policy.batch().chunksFor(cap));
      java.util.Collections.reverse(forCap);
      for (OptionalInt chunk : forCap) {
        caps.add(cap);
        chunks.add(chunk);
      }
    }
    java.util.Map<Integer, Integer> guess = new java.util.HashMap<>();
    int lastWinner = 0;
    for (int i = from; i < to; i++) {
      double t = i * WINDOW_SECONDS;
      Workload slice = w.between(t, Math.min(w.horizonSeconds(), t + WINDOW_SECONDS));
      int k = 2 * (i - from);
      if (slice.size() == 0) {
        out[k] = split(policy, policy.replicas().min(), policy.batch().defaultCap());
        continue;
      }
      Plan best = null;
      double bestCost = Double.POSITIVE_INFINITY;
      UnboundCapReplays known = reuseUnboundCaps ? new UnboundCapReplays() : null;
      int winner = -1;
      for (int o = 0; o < caps.size(); o++) {
        int j = inSearchOrder(o, lastWinner);
        int cap = caps.get(j);
        OptionalInt chunk = chunks.get(j);
        // A replay is deterministic: the ruling-out probe's answer serves the search at the same size.
        Probes probes = new Probes(slice, policy, noReclaims, seed, cap, chunk, known);
        if (best != null && !cheaperPossible(policy, costs, probes, cap, bestCost)) {
          continue; // no fleet at this setting both meets the objectives and costs less than the best so far
        }
        tally.searches.increment();
        Plan p = smallest(policy, probes, cap, chunk, guess.getOrDefault(j, policy.replicas().min()));
        if (p != null) {
          guess.put(j, p.totalReplicas());
          double cost = cost(p, costs);
          if (cost < bestCost) {
            best = p;
            bestCost = cost;
            winner = j;
          }
        }
      }
      lastWinner = winner >= 0 ? winner : lastWinner;
      if (known != null) {
        tally.reused.add(known.hits());
      }
      if (best == null) {
        out[k + 1] = best = asGoodAsLargest(slice, policy, noReclaims, seed, policy.batch().defaultCap());
      }
      out[k] = best;
    }
    return out;
  }

  /**
   * The o-th setting a window searches: first the one that won the previous window, then the others in
   * their listed order. Consecutive windows mostly share their cheapest setting, so searching it first
   * sets the cost every other setting must beat at once: each of them then needs one ruling-out probe
   * (a fleet one replica smaller, which fails early) instead of a search of its own. Ties go to the
   * previous window's setting, so the bound does not roll out between equally cheap fleets.
   */
  static int inSearchOrder(int o, int first) {
    return o == 0 ? first : o <= first ? o - 1 : o;
  }

  /**
   * Whether some fleet at this setting cheaper than {@code bestCost} meets the objectives: the largest such
   * fleet is tried (fewer replicas never serve better), one probe that stops early when it misses.
   */
  private static boolean cheaperPossible(CostPolicy policy, CostModel costs, Probes probes, int cap,
      double bestCost) {
    int n = policy.replicas().min() - 1;
    while (n + 1 <= policy.replicas().max() && cost(split(policy, n + 1, cap), costs) < bestCost) {
      n++;
    }
    return n >= policy.replicas().min() && probes.test(n);
  }

  /** One window's probes at one setting, each fleet size replayed at most once. */
  static final class Probes implements java.util.function.IntPredicate {
    private final Workload slice;
    private final CostPolicy policy;
    private final SimConfig config;
    private final long seed;
    private final int cap;
    private final OptionalInt chunk;
    private final java.util.Map<Integer, Boolean> seen = new java.util.HashMap<>();
    /** The window's verdicts at other caps that this cap cannot change (null: none shared). */
    private final UnboundCapReplays known;
    private int replays;

    Probes(Workload slice, CostPolicy policy, SimConfig config, long seed, int cap, OptionalInt chunk) {
      this(slice, policy, config, seed, cap, chunk, null);
    }

    Probes(Workload slice, CostPolicy policy, SimConfig config, long seed, int cap, OptionalInt chunk,
        UnboundCapReplays known) {
      this.slice = slice;
      this.policy = policy;
      this.config = config;
      this.seed = seed;
      this.cap = cap;
      this.chunk = chunk;
      this.known = known;
    }

    @Override
    public boolean test(int n) {
      return seen.computeIfAbsent(n, k -> {
        Boolean already = known == null ? null : known.known(k, chunk, cap);
        if (already != null) {
          return already;
        }
        replays++;
        Simulator sim = probe(slice, policy, config, seed, split(policy, k, cap, chunk));
        boolean meets = sim.verdict(policy.objective().percentile());
        if (known != null) {
          known.record(k, chunk, cap, meets, sim.peakOutstanding());
        }
        return meets;
      });
    }

    /** Simulations run so far (for tests). */
    int replays() {
      return replays;
    }
  }

  private static double cost(Plan p, CostModel costs) {
    return p.onDemandReplicas() * costs.onDemandPerReplica().value() + p.spotReplicas() * costs.spotPerReplica().value();
  }

  /** N replicas with the most spot the policy allows. */
  static Plan split(CostPolicy policy, int n, int cap) {
    return split(policy, n, cap, policy.batch().defaultChunk());
  }

  /** The same at a prefill chunk (empty: the engine's default). */
  static Plan split(CostPolicy policy, int n, int cap, OptionalInt chunk) {
    CostPolicy.SpotOptions spot = policy.spot();
    int s = spot.enabled() ? Math.max(0, Math.min((int) Math.floor(spot.maxSpotShare() * n),
        n - spot.minOnDemandReplicas())) : 0;
    return new Plan(n - s, s, cap, chunk);
  }

  private static RunResult replay(Workload slice, CostPolicy policy, SimConfig config, long seed, Plan plan) {
    return new Simulator(slice, policy.capacity().profile(), 1, 1, config, seed, new FixedController("probe", plan),
        policy.objective().ttft(), policy.objective().itl(), policy.objective().percentile()).run();
  }

  /**
   * The window's replay on this fleet, to be run as a verdict: whether it meets both objectives, a failing
   * replay stopping once it certainly fails.
   */
  private static Simulator probe(Workload slice, CostPolicy policy, SimConfig config, long seed, Plan plan) {
    return new Simulator(slice, policy.capacity().profile(), 1, 1, config, seed, new FixedController("probe", plan),
        policy.objective().ttft(), policy.objective().itl(), policy.objective().percentile());
  }

  /**
   * Fewest replicas at this cap and chunk meeting both objectives, or null if even the maximum does not. Starts
   * at the previous window's answer and gallops (consecutive windows need similar fleets), then
   * bisects: a few simulations per window instead of log2(max).
   */
  static Plan smallest(CostPolicy policy, java.util.function.IntPredicate meets, int cap, OptionalInt chunk,
      int guess) {
    int min = policy.replicas().min();
    int max = policy.replicas().max();
    int g = Math.max(min, Math.min(max, guess));
    int lo;
    int hi;
    if (meets.test(g)) {
      hi = g;
      lo = min;
      for (int step = 1; hi > min; step *= 2) {
        int probe = Math.max(min, g - step);
        if (!meets.test(probe)) {
          lo = probe + 1;
          break;
        }
        hi = probe;
      }
    } else {
      lo = g + 1;
      hi = -1;
      for (int step = 1; lo <= max; step *= 2) {
        int probe = Math.min(max, g + step);
        if (meets.test(probe)) {
          hi = probe;
          break;
        }
        lo = probe + 1;
      }
      if (hi < 0) {
        return null;
      }
    }
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (meets.test(mid)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return split(policy, lo, cap, chunk);
  }

  private static double score(RunResult r) {
    return Math.min(r.ttftAttainment(), r.itlAttainment());
  }

  static Plan asGoodAsLargest(Workload slice, CostPolicy policy, SimConfig config, long seed, int cap) {
    int lo = policy.replicas().min();
    int hi = policy.replicas().max();
    double best = score(replay(slice, policy, config, seed, split(policy, hi, cap)));
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (score(replay(slice, policy, config, seed, split(policy, mid, cap))) >= best - 0.005) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return split(policy, lo, cap);
  }

  /** The plan of each window, in order. */
  public List<Plan> plans() {
    return List.copyOf(plans);
  }

  public int unmeetableWindows() {
    return unmeetable;
  }

  /** Probes answered from a replay at another cap that could not bind (see {@link UnboundCapReplays}). */
  long reusedVerdicts() {
    return reusedVerdicts;
  }

  /** Settings searched for their fewest replicas, over all windows (the others took one ruling-out probe). */
  long searches() {
    return searches;
  }

  @Override
  public String name() {
    return "bound";
  }

  @Override
  public String setting() {
    return plans.size() + " windows of 5 min, " + unmeetable + " unmeetable at any size";
  }

  @Override
  public Plan initialPlan() {
    return plans.get(0);
  }

  @Override
  public Duration interval() {
    return Duration.ofSeconds((long) WINDOW_SECONDS);
  }

  @Override
  public boolean instantCapacity() {
    return true;
  }

  @Override
  public void tick(SimContext context) {
    int i = (int) Math.floor(context.nowSeconds() / WINDOW_SECONDS + 1e-9);
    if (i < plans.size()) {
      context.apply(plans.get(i));
    }
  }
}
