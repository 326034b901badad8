package io.costslo.app.operator;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.core.cycle.Actuation;
import io.costslo.core.cycle.CycleReport;
import io.costslo.core.decision.Reason;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes a cycle's Events from its report: the decision (a repeat of the same reason and plan once
 * per suppression interval), every change made with its predicted effect, spot lost and restored.
 */
final class ReportEvents {
  static final Set<Reason> WARNINGS = EnumSet.of(Reason.SloUnreachable, Reason.BudgetUnreachable,
      Reason.OverBudgetSloFirst, Reason.SloAtRiskBudgetFirst, Reason.HoldOnMissingMetrics,
      Reason.FallbackOnMissingMetrics, Reason.HoldOnMissingPrice);

  private final EventRecorder recorder;

  ReportEvents(EventRecorder recorder) {
    this.recorder = recorder;
  }

  void write(InferenceCostPolicy policy, CycleReport r) {
    if (!r.actuations().isEmpty()) {
      String effect = ReportTexts.effect(r);
      for (Actuation a : r.actuations()) {
        recorder.record(policy, EventRecorder.Type.Normal, a.reason(), a.message() + effect);
      }
    }
    Reason reason = r.decision().reason();
    recorder.record(policy, WARNINGS.contains(reason) ? EventRecorder.Type.Warning : EventRecorder.Type.Normal,
        reason.name(), ReportTexts.decision(r), reason + "/" + r.decision().plan());
    if (r.spotLost()) {
      recorder.record(policy, EventRecorder.Type.Warning, "SpotLost", ReportTexts.spotLost(r));
    } else if (r.spotRestored()) {
      recorder.record(policy, EventRecorder.Type.Normal, "SpotRestored", ReportTexts.spotRestored(r));
    }
  }
}
