package io.costslo.core.plan;

import io.costslo.core.cost.CostModel;
import io.costslo.core.load.Load;
import io.costslo.core.model.LatencyEvaluator;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.LatencyPrediction;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.units.UsdPerHour;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The evaluated search space of one decision: the batch settings (cap x allowed chunk) by index j,
 * each total's cheapest split, and per-(setting, total) latency cached on first use; plus the bounds
 * the searches use (binary searches over totals, valid because cost is non-decreasing and the SLO
 * ratio non-increasing in the total at a fixed setting, see {@link FrontierOptimizer}).
 */
final class PlanSpace {
  final CostPolicy policy;
  final Load load;
  final int tMin;
  final int tMax;
  /** Settings ordered by cap, then chunk: index order is the tie-break "smallest cap, then chunk". */
  final int[] caps;
  final OptionalInt[] chunks;
  private final CostModel costs;
  private final ReplicaProfile profile;
  /** The latency model at this decision's load, sharing per-load terms across cells. */
  private final LatencyEvaluator latency;
  private final int[] onDemandFloor;
  private final boolean[] chunkKeepsItl;
  /** Share of the ITL objective each setting plans at (FrontierOptimizer.itlPlanningShare). */
  private final double[] itlShare;
  private final boolean spotHelps;
  private final double budgetCap;
  /**
   * Evaluated (setting, total) cells. Per setting a dense array over the totals when the bounds span
   * at most {@link #DENSE_TOTALS} (lookups are most of a decision's work: the frontier's merge compares
   * cells again and again), else a sparse map, since the searches touch O(settings x log(totals))
   * cells and a dense table would grow with replicas.max (an int the user writes).
   */
  static final int DENSE_TOTALS = 4096;
  private final Cell[][] dense;
  private final HashMap<Long, Cell> sparse = new HashMap<>();
  private int evaluated;

  private record Cell(LatencyPrediction prediction, double ratio) {}

  PlanSpace(CostPolicy policy, Load load, CostModel costs) {
    this.policy = policy;
    this.load = load;
    this.costs = costs;
    this.profile = policy.capacity().profile();
    this.tMin = policy.replicas().min();
    this.tMax = policy.replicas().max();
    List<Integer> capList = new ArrayList<>();
    List<OptionalInt> chunkList = new ArrayList<>();
    for (int cap : policy.batch().allowedCaps()) {
      for (OptionalInt chunk : policy.batch().chunksFor(cap)) {
        capList.add(cap);
        chunkList.add(chunk);
      }
    }
    this.caps = capList.stream().mapToInt(Integer::intValue).toArray();
    this.latency = new LatencyEvaluator(profile, load, policy.objective().percentile(), caps);
    this.dense = (long) tMax - tMin < DENSE_TOTALS ? new Cell[caps.length][] : null;

    this.chunks = chunkList.toArray(new OptionalInt[0]);
    this.chunkKeepsItl = new boolean[caps.length];
    this.itlShare = new double[caps.length];
    for (int j = 0; j < caps.length; j++) {
      chunkKeepsItl[j] = FrontierOptimizer.chunkKeepsItl(policy.capacity().profile(), chunks[j], policy.objective());
      itlShare[j] = FrontierOptimizer.itlPlanningShare(policy.capacity().profile(), chunks[j], policy.objective());
    }
    this.onDemandFloor = new int[caps.length];
    for (int j = 0; j < caps.length; j++) {
      onDemandFloor[j] = Math.max(policy.spot().minOnDemandReplicas(),
          FrontierOptimizer.onDemandToCarry(profile, load, caps[j], chunks[j]));
    }
    this.spotHelps = policy.spot().enabled() && costs.spotSavingUsdPerReplicaHour() > 0;
    this.budgetCap = FrontierOptimizer.budgetCapUsdPerHour(policy, load);
  }

  int settings() {
    return caps.length;
  }

  /** Whether setting j's full prefill chunk step stays within the ITL objective (FrontierOptimizer.chunkKeepsItl). */
  boolean chunkKeepsItl(int j) {
    return chunkKeepsItl[j];
  }

  /**
   * A chunk preferred at equal cost: its full step keeps ITL and the plan leaves the objectives room
   * (ratio at most {@link FrontierOptimizer#ROBUST_CHUNK_MAX_RATIO}). The one place this rule is written.
   */
  boolean robustChunk(int j, double ratio) {
    return chunkKeepsItl[j] && ratio <= FrontierOptimizer.ROBUST_CHUNK_MAX_RATIO;
  }

  /** Index of a plan's batch setting, or -1 when that cap and chunk are not a choice. */
  int settingOf(int cap, OptionalInt chunk) {
    for (int j = 0; j < caps.length; j++) {
      if (caps[j] == cap && chunks[j].equals(chunk)) {
        return j;
      }
    }
    return -1;
  }

  int spot(int j, int total) {
    if (!spotHelps) {
      return 0;
    }
    int byShare = (int) Math.floor(policy.spot().maxSpotShare() * total + 1e-9);
    long byFloor = (long) total - onDemandFloor[j];
    return costs.cheapestSpot(total, (int) Math.max(0, Math.min(byShare, byFloor)));
  }

  double cost(int j, int total) {
    int sp = spot(j, total);
    return costs.expectedValue(total - sp, sp);
  }

  boolean withinBudget(double cost) {
    return cost <= budgetCap;
  }

  private Cell cell(int j, int total) {
    if (dense != null) {
      Cell[] row = dense[j];
      if (row == null) {
        row = new Cell[tMax - tMin + 1];
        dense[j] = row;
      }
      Cell c = row[total - tMin];
      if (c == null) {
        c = evaluate(j, total);
        row[total - tMin] = c;
      }
      return c;
    }
    return sparse.computeIfAbsent(key(j, total), k -> evaluate(j, total));
  }

  private Cell evaluate(int j, int total) {
    evaluated++;
    LatencyPrediction p = latency.predict(total, caps[j], chunks[j]);
    return new Cell(p, FrontierOptimizer.sloRatio(policy.objective(), p, itlShare[j]));
  }

  /**
   * {@code setting << 32 | total} times an odd constant: a bijection, so keys stay unique, while
   * Long.hashCode of the plain pair (setting XOR total) puts most cells of a decision in a few buckets.
   */
  private static long key(int j, int total) {
    return (((long) j << 32) | (total & 0xFFFFFFFFL)) * 0x9E3779B97F4A7C15L;
  }

  /** Setting j's SLO ratio at a total as the model predicts it at another percentile (not cached). */
  double ratioAtPercentile(int j, int total, double percentile) {
    LatencyPrediction p = LatencyModel.predict(profile, load, total, caps[j], chunks[j], percentile);
    return FrontierOptimizer.sloRatio(policy.objective(), p, itlShare[j]);
  }

  /** The same space planned at another percentile of the same objectives. */
  PlanSpace atPercentile(double percentile) {
    CostPolicy.LatencyObjective o = policy.objective();
    return new PlanSpace(policy.withObjective(
        new CostPolicy.LatencyObjective(percentile, o.ttft(), o.itl(), o.attainmentTarget())), load, costs);
  }

  /** Cells evaluated so far (for the bounds test and the frontier's budget). */
  int cellsEvaluated() {
    return evaluated;
  }

  LatencyPrediction prediction(int j, int total) {
    return cell(j, total).prediction();
  }

  double ratio(int j, int total) {
    return cell(j, total).ratio();
  }

  /** Smallest total in [lo, hi] with ratio <= limit, or -1; ratio is non-increasing in the total. */
  int firstRatioAtMost(int j, int lo, int hi, double limit) {
    long found = firstWhere(j, lo, hi, limit, false);
    return found > hi ? -1 : (int) found;
  }

  /** Smallest total in [lo, hi] with ratio strictly below limit, or hi + 1 (a long: hi may be max int). */
  long firstRatioBelow(int j, int lo, int hi, double limit) {
    return firstWhere(j, lo, hi, limit, true);
  }

  /**
   * Smallest total in [lo, hi] whose ratio is below the limit (strictly, or at most it), else hi + 1: a
   * binary search, first narrowed by the cells of the setting already evaluated. The ratio is
   * non-increasing in the total, so a known cell that passes bounds the answer from above and one that
   * fails from below; the answer is the same, found with fewer new cells (the frontier's merge searches
   * a setting again and again, each time with a lower limit).
   */
  private long firstWhere(int j, int lo, int hi, double limit, boolean strict) {
    if (lo > hi) {
      return (long) hi + 1;
    }
    int top = hi;
    boolean topPasses = false;
    Cell[] row = dense != null ? dense[j] : null;
    if (row != null) {
      for (int t = lo; t <= hi; t++) {
        Cell c = row[t - tMin];
        if (c != null) {
          if (passes(c.ratio(), limit, strict)) {
            top = t;
            topPasses = true;
            break;
          }
          if (t == hi) {
            return (long) hi + 1; // hi fails, so every total up to it does (t + 1 could overflow)
          }
          lo = t + 1;
        }
      }
    }
    if (!topPasses && !passes(ratio(j, top), limit, strict)) {
      return (long) hi + 1;
    }
    while (lo < top) {
      int mid = (lo + top) >>> 1;
      if (passes(ratio(j, mid), limit, strict)) {
        top = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private static boolean passes(double ratio, double limit, boolean strict) {
    return strict ? ratio < limit : ratio <= limit;
  }

  /** Largest total in [tMin, tMax] within budget, or -1; cost is non-decreasing in the total. */
  int lastWithinBudget(int j) {
    if (!withinBudget(cost(j, tMin))) {
      return -1;
    }
    int lo = tMin;
    int hi = tMax;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (withinBudget(cost(j, mid))) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  FrontierPoint point(int j, int total) {
    return point(j, total, total - spot(j, total));
  }

  /** An explicit split; latency depends only on the total and the setting. */
  FrontierPoint point(int j, int total, int od) {
    int sp = total - od;
    LatencyPrediction p = prediction(j, total);
    UsdPerHour expected = costs.expected(od, sp);
    return new FrontierPoint(new Plan(od, sp, caps[j], chunks[j]), costs.billed(od, sp), expected,
        CostModel.costPerMillionTokens(expected, load), p, ratio(j, total),
        ratio(j, total) <= 1.0, withinBudget(expected.value()));
  }

  /** The best plan the selection rules pick at a plan's batch setting; empty if it is not a choice. */
  Optional<FrontierPoint> bestAt(int cap, OptionalInt chunk) {
    int j = settingOf(cap, chunk);
    if (j < 0) {
      return Optional.empty();
    }
    PlanSelection.Selected s = PlanSelection.select(this, new int[] {j});
    return Optional.of(point(s.setting(), s.total()));
  }

  Optional<FrontierPoint> pointFor(Plan plan) {
    int total = plan.totalReplicas();
    int j = settingOf(plan.batchCap(), plan.prefillChunk());
    if (total < tMin || total > tMax || j < 0) {
      return Optional.empty();
    }
    return Optional.of(point(j, total, plan.onDemandReplicas()));
  }

  Optional<FrontierPoint> pointFor(int totalReplicas, int cap, OptionalInt chunk) {
    int j = settingOf(cap, chunk);
    if (j < 0) {
      return Optional.empty();
    }
    return Optional.of(point(j, Math.max(tMin, Math.min(tMax, totalReplicas))));
  }
}
