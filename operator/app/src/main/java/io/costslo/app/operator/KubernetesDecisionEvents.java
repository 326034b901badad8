package io.costslo.app.operator;

import io.costslo.api.v1alpha1.Durations;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.app.policy.Percentiles;
import io.costslo.core.decision.Decision;
import io.costslo.core.decision.Reason;
import io.costslo.core.cycle.DecisionEvents;
import java.util.EnumSet;
import java.util.Set;

/**
 * Every decision becomes an Event on the policy with its reason and predicted effect. A decision
 * that repeats (same reason, same plan) is written once per suppression interval.
 */
final class KubernetesDecisionEvents implements DecisionEvents {
  static final Set<Reason> WARNINGS = EnumSet.of(Reason.SloUnreachable, Reason.BudgetUnreachable,
      Reason.OverBudgetSloFirst, Reason.SloAtRiskBudgetFirst, Reason.HoldOnMissingMetrics,
      Reason.FallbackOnMissingMetrics, Reason.HoldOnMissingPrice);

  private final EventRecorder recorder;
  private final InferenceCostPolicy policy;
  private final boolean enforce;

  KubernetesDecisionEvents(EventRecorder recorder, InferenceCostPolicy policy, boolean enforce) {
    this.recorder = recorder;
    this.policy = policy;
    this.enforce = enforce;
  }

  @Override
  public void report(String policyKey, Decision decision) {
    recorder.record(policy, WARNINGS.contains(decision.reason()) ? EventRecorder.Type.Warning : EventRecorder.Type.Normal,
        decision.reason().name(), describe(decision, enforce), decision.reason() + "/" + decision.plan());
  }

  static String describe(Decision d, boolean enforce) {
    StringBuilder b = new StringBuilder();
    b.append(enforce ? "" : "Recommend mode, not applied: ").append(d.plan()).append(": ").append(d.message());
    d.expectedCost().ifPresent(c -> b.append("; predicted ").append(c));
    d.costPerMillionTokens().filter(c -> Double.isFinite(c.value())).ifPresent(c -> b.append(", CPT ").append(c));
    String p = Percentiles.label(d.percentile());
    d.ttft().ifPresent(t -> b.append(", ").append(p).append(" TTFT ").append(Durations.format(t)));
    d.itl().ifPresent(t -> b.append(", ").append(p).append(" ITL ").append(Durations.format(t)));
    return b.toString();
  }

}
