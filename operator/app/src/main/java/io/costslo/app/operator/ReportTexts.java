package io.costslo.app.operator;

import io.costslo.api.v1alpha1.FeedbackStatus;
import io.costslo.core.cycle.BudgetUse;
import io.costslo.core.cycle.CycleReport;
import io.costslo.core.decision.Decision;
import io.costslo.core.feedback.Adjustment;
import io.costslo.core.metrics.Observation;
import io.costslo.core.plan.Plan;
import io.costslo.core.units.Durations;
import io.costslo.core.units.Percentiles;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place event and condition texts are built from a {@link CycleReport}: the decision, the
 * predicted effect of a change, spot lost and restored, observed latency and budget figures, Ready,
 * metrics read, predicted against observed. (A reconcile that cannot run the cycle writes its text
 * in {@link PolicyFailures}; the realizer describes its own changes in each Actuation.) Costs
 * are the expected spend ({@link BudgetUse}), the figure the planner and the budget check use.
 */
final class ReportTexts {
  private ReportTexts() {}

  /** The decision: plan, why, and what it is predicted to cost and feel like. */
  static String decision(CycleReport r) {
    Decision d = r.decision();
    StringBuilder b = new StringBuilder();
    b.append(r.enforced() ? "" : "Recommend mode, not applied: ").append(d.plan()).append(": ").append(d.message());
    d.expectedCost().ifPresent(c -> b.append("; predicted ").append(c));
    d.costPerMillionTokens().filter(c -> Double.isFinite(c.value())).ifPresent(c -> b.append(", CPT ").append(c));
    latency(b, d.percentile(), d.ttft(), d.itl());
    return b.toString();
  }

  /** What going from the running plan to the new one is predicted to do, appended to a change's message. */
  static String effect(CycleReport r) {
    StringBuilder b = new StringBuilder("; ").append(r.running()).append(" -> ").append(r.after());
    r.costs().ifPresent(c -> b.append(", predicted ").append(spend(c, r.after()))
        .append(" (was ").append(spend(c, r.running())).append(")"));
    latency(b, r.decision().percentile(), r.decision().ttft(), r.decision().itl());
    return b.toString();
  }

  static String spotLost(CycleReport r) {
    String message = r.spot().orElseThrow().message();
    int moved = r.running().spotReplicas();
    if (!r.enforced()) {
      return "Recommend mode, not applied: " + message + "; " + moved + " spot replica(s) would move to on-demand";
    }
    String cost = r.costs().map(c -> "; predicted " + spend(c, r.after()) + " (was " + spend(c, r.running()) + ")")
        .orElse("");
    return message + "; " + moved + " spot replica(s) moved to on-demand: " + r.running() + " -> " + r.after() + cost;
  }

  static String spotRestored(CycleReport r) {
    return "spot has been healthy for the healthy period: " + r.spot().orElseThrow().message()
        + "; spot replicas may be planned again";
  }

  /** Observed latency against the objectives. */
  static String slo(CycleReport r) {
    var objective = r.policy().objective();
    String p = Percentiles.label(objective.percentile());
    return "observed " + p + " TTFT " + Durations.format(r.slo().ttft().orElseThrow()) + " (objective "
        + Durations.format(objective.ttft()) + "), ITL " + Durations.format(r.slo().itl().orElseThrow())
        + " (objective " + Durations.format(objective.itl()) + ")";
  }

  /** Observed spend and CPT against the budget. */
  static String budget(CycleReport r, BudgetUse use) {
    var budget = r.policy().budget();
    return "observed expected spend " + use.spend() + " (billed " + use.billed() + ")"
        + use.costPerMillionTokens().map(c -> ", CPT " + c).orElse("")
        + budget.maxCostPerMillionTokens().map(m -> " (budget " + m + ")").orElse("")
        + budget.maxSpend().map(m -> ", cap " + m).orElse("");
  }

  /** Ready: who changes the Deployment, and the decision's reason. */
  static String ready(CycleReport r, String target) {
    Decision d = r.decision();
    return (r.enforced() ? "Managing Deployment " + target
        : "Recommend mode: status and events only, Deployment " + target + " not changed")
        + "; " + d.reason() + ": " + d.message();
  }

  static String metricsRead(Observation o) {
    return o.readyPods() + " ready pods over " + Durations.format(o.window()) + ", taken at " + o.takenAt();
  }

  /** Predicted against observed latency at the plan that ran, as status.feedback shows them. */
  static String feedback(FeedbackStatus shown, Adjustment a) {
    return "predicted " + Objects.toString(shown.predictedTtft, "n/a") + " TTFT, "
        + Objects.toString(shown.predictedItl, "n/a") + " ITL; observed "
        + Objects.toString(shown.observedTtft, "n/a") + " TTFT, "
        + Objects.toString(shown.observedItl, "n/a") + " ITL; " + a.summary();
  }

  private static String spend(io.costslo.core.cost.CostModel c, Plan plan) {
    return c.expected(plan.onDemandReplicas(), plan.spotReplicas()).toString();
  }

  private static void latency(StringBuilder b, double percentile, Optional<Duration> ttft, Optional<Duration> itl) {
    String p = Percentiles.label(percentile);
    ttft.ifPresent(t -> b.append(", ").append(p).append(" TTFT ").append(Durations.format(t)));
    itl.ifPresent(t -> b.append(", ").append(p).append(" ITL ").append(Durations.format(t)));
  }
}
