package io.costslo.core.decision;

import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.plan.FrontierPoint;
import io.costslo.core.plan.Optimization;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.units.Percentiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Damps the optimizer's proposal before it is realized. The clock is passed in; the core never
 * reads system time.
 *
 * <ul>
 *   <li><b>Batch settings</b> (the cap and the prefill chunk) change together or apart, and either
 *       restarts pods, so new settings are taken only if the current ones are not a choice, or if only the new
 *       settings meet the objectives (at once: that is not a saving to damp), or if the last change is at least {@code batchChangeMinInterval} ago and either the
 *       predicted saving over the best plan at the current cap reaches {@code batchChangeMinSaving}
 *       or only the new chunk's full step stays within
 *       the ITL objective, in a plan with room under the objectives ({@link FrontierOptimizer#ROBUST_CHUNK_MAX_RATIO}). Otherwise the best plan at the current cap is
 *       used (BatchChangeDeferred).
 *   <li><b>Scale up</b> happens at once.
 *   <li><b>Scale down</b> goes only to the highest total recommended within
 *       {@code scaleDownWindow} (as the Kubernetes HPA does); while that is not below the current
 *       total, replicas are held (ScaleDownStabilizing). Before the first decision the fleet found
 *       running counts as a recommendation, so adopting a workload does not cut it at once; while the
 *       closed loop is warming up (too little history to know the bursts to expect, see
 *       {@code BurstReserve#warm}) it keeps counting after the window has passed.
 *   <li>A batch change and a scale-down never happen in the same step: if the cap changes, the
 *       total is held at least at the current one (BatchChangeScaleDownHeld).
 *   <li>A scale-up keeps the spot replicas it has (SpotShiftStabilizing): replacing one by an
 *       on-demand replica would restart a cold start while the load waits.
 * </ul>
 */
public final class StabilityGuard {

  private StabilityGuard() {}

  /** The guarded point and reason, and the state to remember. */
  public record Outcome(FrontierPoint point, Reason reason, String message, StabilityState state) {}

  public static Outcome apply(CostPolicy policy, Optimization optimization, Plan current, Instant now,
      StabilityState state) {
    return apply(policy, optimization, current, now, state, false);
  }

  /**
   * As above; {@code warmingUp}: the closed loop has too little history to size for the bursts to come,
   * so the fleet found at the first decision stays a recommendation until it has.
   */
  public static Outcome apply(CostPolicy policy, Optimization optimization, Plan current, Instant now,
      StabilityState state, boolean warmingUp) {
    CostPolicy.StabilityOptions options = policy.stability();
    FrontierPoint target = optimization.chosen();
    Reason reason = optimization.reason();
    String message = describe(reason, target, optimization.reachable());

    // Batch settings first: they decide which cap and chunk the replica count is stabilized at.
    if (target.plan().batchDiffers(current)) {
      Optional<FrontierPoint> stay = optimization.bestAtBatch(current);
      if (stay.isPresent()) {
        String why = batchChangeBlocker(options, optimization, target, stay.get(), now, state);
        if (why != null) {
          message = stays(current, target.plan()) + ": " + why;
          target = stay.get();
          reason = Reason.BatchChangeDeferred;
        }
      }
    }
    boolean batchChanges = target.plan().batchDiffers(current);

    // Record the recommendation and keep only the window.
    Instant horizon = now.minus(options.scaleDownWindow());
    List<StabilityState.Recommendation> history = new ArrayList<>();
    Optional<StabilityState.Recommendation> adopted = state.adopted();
    if (state.recommendations().isEmpty() && adopted.isEmpty() && !options.scaleDownWindow().isZero()) {
      // No decision yet (a policy just adopted its workload): the fleet found running counts as this
      // window's first recommendation, so it is not cut before the window has seen the load.
      StabilityState.Recommendation found = new StabilityState.Recommendation(now, current.totalReplicas(),
          current.onDemandReplicas());
      history.add(found);
      adopted = Optional.of(found);
    }
    if (!warmingUp) {
      adopted = Optional.empty();
    }
    for (StabilityState.Recommendation r : state.recommendations()) {
      if (!r.at().isBefore(horizon) && !r.at().isAfter(now)) {
        history.add(r);
      }
    }
    history.add(new StabilityState.Recommendation(now, target.plan().totalReplicas(),
        target.plan().onDemandReplicas()));

    // What the scale-down is held to: the window's recommendations, and the fleet found while warming up
    // (its size only: that is what a burst needs; on-demand replicas still go for spot after the window).
    List<StabilityState.Recommendation> holding = new ArrayList<>(history);
    adopted.ifPresent(holding::add);
    int currentTotal = current.totalReplicas();
    int wanted = target.plan().totalReplicas();
    if (wanted < currentTotal) {
      int stabilized = holding.stream().mapToInt(StabilityState.Recommendation::totalReplicas).max().orElse(wanted);
      int windowHigh = history.stream().mapToInt(StabilityState.Recommendation::totalReplicas).max().orElse(wanted);
      String since = stabilized > windowHigh
          ? "the fleet found running is kept while the history is too short to size for bursts"
          : "the last " + human(options.scaleDownWindow()) + " recommended up to " + stabilized;
      int total;
      if (batchChanges) {
        total = Math.max(currentTotal, stabilized);
        reason = Reason.BatchChangeScaleDownHeld;
        message = changesTo(current, target.plan()) + " this step, so replicas stay at "
            + total + " (scale down to " + wanted + " waits); " + message;
      } else if (stabilized >= currentTotal) {
        total = currentTotal;
        reason = Reason.ScaleDownStabilizing;
        message = "recommended " + wanted + " replicas, holding " + currentTotal + ": " + since + "; " + message;
      } else {
        total = stabilized;
        if (stabilized > wanted) {
          reason = Reason.ScaleDownStabilizing;
          message = "scaling down to " + stabilized + ", not yet to " + wanted + ": " + since + "; " + message;
        }
      }
      if (total != wanted) {
        target = optimization.pointFor(total, target.plan()).orElse(target);
      }
    }

    // On-demand replicas are scaled down like any replica: giving them up for spot waits until the
    // window no longer recommends them, so a load hovering at the on-demand floor does not flap.
    if (!batchChanges) {
      int total = target.plan().totalReplicas();
      int windowOnDemand = history.stream().mapToInt(StabilityState.Recommendation::onDemandReplicas).max()
          .orElse(target.plan().onDemandReplicas());
      int keep = Math.min(total, Math.min(current.onDemandReplicas(), windowOnDemand));
      if (target.plan().onDemandReplicas() < keep) {
        Optional<FrontierPoint> held = optimization.pointFor(target.plan().withReplicas(keep, total - keep));
        if (held.isPresent()) {
          message = "keeping " + keep + " on-demand replicas instead of " + target.plan().onDemandReplicas()
              + ": the last " + human(options.scaleDownWindow()) + " recommended up to " + windowOnDemand
              + " on-demand; " + message;
          target = held.get();
          reason = Reason.SpotShiftStabilizing;
        }
      }
      // Scaling up never gives up a spot replica for an on-demand one: the spot replica may still be
      // starting, and its replacement would start its cold start over while the load waits. The extra
      // capacity is given back by a later scale-down, under the window as any replica.
      Plan planned = target.plan();
      if (policy.spot().enabled() && planned.totalReplicas() >= currentTotal
          && planned.spotReplicas() < current.spotReplicas()) {
        Plan kept = planned.withReplicas(planned.onDemandReplicas(), current.spotReplicas());
        boolean shareAllows = kept.spotReplicas() <= Math.floor(policy.spot().maxSpotShare() * kept.totalReplicas() + 1e-9);
        Optional<FrontierPoint> more = shareAllows ? optimization.pointFor(kept) : Optional.empty();
        if (more.isPresent()) {
          message = "scaling up to " + kept.totalReplicas() + " with the " + current.spotReplicas()
              + " spot replicas kept (not replaced by on-demand ones mid-start), not " + planned + "; " + message;
          target = more.get();
          if (reason != Reason.BatchChangeDeferred) { // a deferred batch change stays the headline
            reason = Reason.SpotShiftStabilizing;
          }
          // Recorded as this step's recommendation, so the window holds it as it holds any scale-up.
          history.set(history.size() - 1, new StabilityState.Recommendation(now, kept.totalReplicas(),
              history.get(history.size() - 1).onDemandReplicas()));
        }
      }
    }

    Optional<Instant> lastChange = target.plan().batchDiffers(current) ? Optional.of(now) : state.lastBatchChange();
    return new Outcome(target, reason, message, new StabilityState(lastChange, history, adopted));
  }

  /** "batch cap stays 64 instead of 128", or with a prefill chunk in play both settings. */
  private static String stays(Plan current, Plan target) {
    if (current.prefillChunk().isEmpty() && target.prefillChunk().isEmpty()) {
      return "batch cap stays " + current.batchCap() + " instead of " + target.batchCap();
    }
    return "batch settings stay " + current.batchText() + " instead of " + target.batchText();
  }

  private static String changesTo(Plan current, Plan target) {
    if (current.prefillChunk().isEmpty() && target.prefillChunk().isEmpty()) {
      return "batch cap changes to " + target.batchCap();
    }
    return "batch settings change to " + target.batchText();
  }

  /**
   * Whether the last batch change is at least {@code batchChangeMinInterval} ago (or there was none):
   * the closed loop asks it too before it narrows the chunks.
   */
  public static boolean batchChangeIntervalPassed(CostPolicy.StabilityOptions options, Optional<Instant> lastChange,
      Instant now) {
    return lastChange.map(t -> Duration.between(t, now).compareTo(options.batchChangeMinInterval()) >= 0).orElse(true);
  }

  /** Null when a batch change to {@code target} is allowed now, else why not. */
  private static String batchChangeBlocker(CostPolicy.StabilityOptions options, Optimization optimization,
      FrontierPoint target, FrontierPoint stay, Instant now, StabilityState state) {
    if (!stay.meetsSlo() && target.meetsSlo()) {
      // Only the new settings meet the objectives: not a saving the interval damps. Held to it, a
      // chunk taken on a window of short prompts kept a 70B fleet at chunk 512 for 30 min, where no
      // fleet size met TTFT and the overload answer ran near replicas.max.
      return null;
    }
    if (!batchChangeIntervalPassed(options, state.lastBatchChange(), now)) {
      Duration since = Duration.between(state.lastBatchChange().get(), now);
      return "last change " + human(since) + " ago, minimum interval " + human(options.batchChangeMinInterval());
    }
    if (!optimization.chunkKeepsItl(stay.plan()) && optimization.robustChunk(target)) {
      return null; // only the new chunk's full step stays within the ITL objective, with room to spare
    }
    double stayCost = stay.expectedCost().value();
    double saving = stayCost > 0 ? (stayCost - target.expectedCost().value()) / stayCost : 0.0;
    if (saving < options.batchChangeMinSaving()) {
      return String.format("predicted saving %.1f%% is below the %.1f%% threshold",
          saving * 100, options.batchChangeMinSaving() * 100);
    }
    return null;
  }

  /** As below; where the objectives are out of reach only at their percentile, which one the plan meets them at. */
  static String describe(Reason reason, FrontierPoint p, Optional<Optimization.Reachable> reachable) {
    if (reason != Reason.SloUnreachable || reachable.isEmpty()) {
      return describe(reason, p);
    }
    Optimization.Reachable r = reachable.get();
    return String.format("SLO unreachable: no plan within the replica bounds meets the objectives at %s (%s at %d"
        + " replicas); the best meets them at about %s, and with the error budget not overspent the plan is the"
        + " cheapest meeting them at %s, half an error budget below: %s, %s expected, %s",
        Percentiles.label(r.percentile()), unreachableWhy(r.best()), r.best().plan().totalReplicas(),
        Percentiles.label(r.reachable()), Percentiles.label(r.planned()), p.plan(), p.expectedCost(),
        p.costPerMillionTokens());
  }

  static String describe(Reason reason, FrontierPoint p) {
    String figures = String.format("%s, %s expected, %s", p.plan(), p.expectedCost(), p.costPerMillionTokens());
    return switch (reason) {
      case CheapestFeasible -> "cheapest plan meeting the objectives and budget: " + figures;
      case BoundsOnly -> "no traffic: cheapest plan within the replica bounds: " + figures;
      case OverBudgetSloFirst -> "no plan meets both; SLO first: cheapest meeting the objectives, over budget: " + figures;
      case SloAtRiskBudgetFirst -> "no plan meets both; budget first: best latency within budget, SLO at risk: " + figures;
      case SloUnreachable -> "SLO unreachable: no plan within the replica bounds meets the objectives ("
          + unreachableWhy(p) + "); best latency: " + figures;
      case BudgetUnreachable -> "no plan within the replica bounds is within budget; cheapest: " + figures;
      default -> reason + ": " + figures;
    };
  }

  /** Why the best plan still misses: saturation, or the predicted figures it reaches. */
  private static String unreachableWhy(FrontierPoint p) {
    if (p.latency().saturated()) {
      return String.format("even %d replicas saturate, utilisation %.2f", p.plan().totalReplicas(),
          p.latency().utilisation());
    }
    return String.format("best predicted TTFT %.0f ms, ITL %.1f ms, %.2fx the objectives", p.latency().ttftMillis(),
        p.latency().itlMillis(), p.sloRatio());
  }

  private static String human(Duration d) {
    long s = d.getSeconds();
    return s % 60 == 0 && s >= 60 ? (s / 60) + "m" : s + "s";
  }
}
