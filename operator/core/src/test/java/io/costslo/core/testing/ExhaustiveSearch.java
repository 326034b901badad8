package io.costslo.core.testing;

import io.costslo.core.decision.Reason;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.LatencyPrediction;
import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.Priority;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * The optimizer's specification, executed literally: every (on-demand, spot, cap, chunk) plan in bounds,
 * latency predicted per plan, spot rules checked per plan, then the selection rules applied by
 * sorting. Slow on purpose; shares only the latency and cost formulas with the optimizer.
 */
public final class ExhaustiveSearch {

  /** One plan with its figures. */
  public record Candidate(Plan plan, double cost, double ratio, double utilisation, boolean meets, boolean within,
      boolean robustChunk) {}

  /** The chosen plan, its reason, and the frontier as (cost, ratio) pairs. */
  public record Result(Candidate chosen, Reason reason, List<Candidate> frontier, int plansEvaluated) {}

  private static final Comparator<Candidate> CHEAPER_FIRST = Comparator.comparingDouble(Candidate::cost)
      .thenComparingDouble(Candidate::ratio)
      .thenComparingInt(c -> c.plan().totalReplicas())
      .thenComparingInt(c -> c.plan().batchCap())
      .thenComparingInt(c -> c.plan().prefillChunk().orElse(0))
      .thenComparingInt(c -> c.plan().spotReplicas());

  /** The selection's order: as the frontier's, but at equal cost a chunk whose full step keeps ITL, at half the objectives or less, first. */
  private static final Comparator<Candidate> SELECT_CHEAPEST = Comparator.comparingDouble(Candidate::cost)
      .thenComparing(c -> !c.robustChunk())
      .thenComparing(CHEAPER_FIRST);

  private static final Comparator<Candidate> LATENCY_FIRST = Comparator.comparingDouble(Candidate::ratio)
      .thenComparingDouble(c -> Double.isInfinite(c.ratio()) ? c.utilisation() : 0.0)
      .thenComparingDouble(Candidate::cost)
      .thenComparingInt(c -> c.plan().totalReplicas())
      .thenComparingInt(c -> c.plan().batchCap())
      .thenComparingInt(c -> c.plan().prefillChunk().orElse(0))
      .thenComparingInt(c -> c.plan().spotReplicas());

  private ExhaustiveSearch() {}

  public static Result search(RandomCases.Case c) {
    CostPolicy policy = c.policy();
    double budgetCap = FrontierOptimizer.budgetCapUsdPerHour(policy, c.load());
    List<Candidate> all = new ArrayList<>();
    int min = policy.replicas().min();
    int max = policy.replicas().max();
    for (int cap : policy.batch().allowedCaps()) {
      for (OptionalInt chunk : chunks(policy, cap)) {
      for (int od = 0; od <= max; od++) {
        for (int sp = 0; od + sp <= max; sp++) {
          int total = od + sp;
          if (total < min || !spotAllowed(c, od, sp, cap, chunk)) {
            continue;
          }
          LatencyPrediction p = LatencyModel.predict(policy.capacity().profile(), c.load(), total, cap, chunk,
              policy.objective().percentile());
          // A full chunk of prompt tokens in one step, timed by the profile, against the ITL objective.
          double itlMillis = policy.objective().itl().toNanos() / 1e6;
          double fullStep = chunk.isEmpty() ? 0.0 : policy.capacity().profile().stepMillis(1, 0, chunk.getAsInt(),
              chunk.getAsInt() * (chunk.getAsInt() + 1) / 2.0);
          boolean keeps = fullStep <= itlMillis;
          // A step just inside the objective: ITL is planned the margin inside it.
          double margin = io.costslo.core.plan.FrontierOptimizer.EDGE_CHUNK_ITL_MARGIN;
          double itlPlanned = keeps && fullStep > (1 - margin) * itlMillis ? (1 - margin) * itlMillis : itlMillis;
          // Over the utilisation ceiling a plan misses in proportion, whatever its latency.
          double ratio = p.saturated() ? Double.POSITIVE_INFINITY
              : Math.max(Math.max(p.ttftMillis() / (policy.objective().ttft().toNanos() / 1e6), p.itlMillis() / itlPlanned),
                  p.utilisation() / io.costslo.core.plan.FrontierOptimizer.MAX_PLANNED_UTILISATION);
          double cost = c.costs().expectedValue(od, sp);
          all.add(new Candidate(new Plan(od, sp, cap, chunk), cost, ratio, p.utilisation(), ratio <= 1.0,
              cost <= budgetCap, keeps && ratio <= 0.5));
        }
      }
      }
    }
    boolean idle = c.load().rate().value() <= 0;
    Candidate chosen = best(all, x -> x.meets() && x.within(), SELECT_CHEAPEST);
    Reason reason = idle ? Reason.BoundsOnly : Reason.CheapestFeasible;
    if (chosen == null && policy.priority() == Priority.SLO) {
      chosen = best(all, Candidate::meets, SELECT_CHEAPEST);
      reason = Reason.OverBudgetSloFirst;
      if (chosen == null) {
        chosen = best(all, x -> true, LATENCY_FIRST);
        reason = Reason.SloUnreachable;
        double good = chosen == null ? Double.NaN : chosen.ratio() * FrontierOptimizer.UNREACHABLE_RATIO_SLACK;
        if (Double.isFinite(good)) {
          chosen = best(all, x -> x.ratio() <= good, SELECT_CHEAPEST);
        }
      }
    } else if (chosen == null) {
      chosen = best(all, Candidate::within, LATENCY_FIRST);
      reason = Reason.SloAtRiskBudgetFirst;
      if (chosen == null) {
        chosen = best(all, x -> true, SELECT_CHEAPEST);
        reason = Reason.BudgetUnreachable;
      }
    }
    return new Result(chosen, reason, frontier(all), all.size());
  }

  /** The spec's rule, written out: every allowed chunk at least the cap, or the engine default if none is allowed. */
  private static List<OptionalInt> chunks(CostPolicy policy, int cap) {
    List<Integer> allowed = policy.batch().allowedChunks();
    if (allowed.isEmpty()) {
      return List.of(OptionalInt.empty());
    }
    List<OptionalInt> out = new ArrayList<>();
    for (int k : allowed) {
      if (k >= cap) {
        out.add(OptionalInt.of(k));
      }
    }
    return out;
  }

  private static boolean spotAllowed(RandomCases.Case c, int od, int sp, int cap, OptionalInt chunk) {
    if (sp == 0) {
      return true;
    }
    CostPolicy.SpotOptions spot = c.policy().spot();
    if (!spot.enabled() || sp > Math.floor(spot.maxSpotShare() * (od + sp) + 1e-9) || od < spot.minOnDemandReplicas()) {
      return false;
    }
    // The on-demand part alone must stay out of saturation if every spot replica vanishes.
    return c.load().rate().value() <= 0 || (od > 0 && !LatencyModel.predict(c.policy().capacity().profile(),
        c.load(), od, cap, chunk, c.policy().objective().percentile()).saturated());
  }

  private static Candidate best(List<Candidate> all, Predicate<Candidate> filter, Comparator<Candidate> order) {
    return all.stream().filter(filter).min(order).orElse(null);
  }

  private static List<Candidate> frontier(List<Candidate> all) {
    List<Candidate> sorted = all.stream().filter(x -> Double.isFinite(x.ratio())).sorted(CHEAPER_FIRST).toList();
    List<Candidate> out = new ArrayList<>();
    double bestRatio = Double.POSITIVE_INFINITY;
    for (Candidate x : sorted) {
      if (x.ratio() < bestRatio) {
        bestRatio = x.ratio();
        out.add(x);
      }
    }
    return out;
  }
}
