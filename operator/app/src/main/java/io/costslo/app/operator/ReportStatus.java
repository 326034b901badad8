package io.costslo.app.operator;

import io.costslo.api.v1alpha1.CalibrationStatus;
import io.costslo.api.v1alpha1.FrontierPointStatus;
import io.costslo.api.v1alpha1.HpaStatus;
import io.costslo.api.v1alpha1.InferenceCostPolicyStatus;
import io.costslo.api.v1alpha1.ObservedFigures;
import io.costslo.api.v1alpha1.PlanStatus;
import io.costslo.api.v1alpha1.SpotStatus;
import io.costslo.core.calibration.ProfileCalibration;
import io.costslo.core.cycle.BudgetUse;
import io.costslo.core.cycle.CycleReport;
import io.costslo.core.cycle.SpotAvailability;
import io.costslo.core.decision.Decision;
import io.costslo.core.metrics.Observation;
import io.costslo.core.plan.FrontierPoint;
import io.costslo.core.plan.Plan;
import io.costslo.core.units.Durations;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.time.Instant;
import java.util.Optional;

/** Writes a cycle's report into the policy's status: plans, frontier, observed figures, conditions, spot, HPA. */
final class ReportStatus {
  /** How many frontier points status shows. */
  static final int FRONTIER_IN_STATUS = 5;

  private ReportStatus() {}

  static void write(InferenceCostPolicyStatus status, CycleReport r, KubernetesClusterView view, Long generation) {
    Instant now = r.at();
    Decision d = r.decision();
    status.currentPlan = plan(r.after(), null, null);
    status.recommendedPlan = plan(d.plan(), d.reason().name(), d.message());
    d.expectedCost().ifPresent(c -> status.recommendedPlan.predictedUsdPerHour = round(c.value()));
    d.costPerMillionTokens().filter(c -> Double.isFinite(c.value()))
        .ifPresent(c -> status.recommendedPlan.predictedUsdPerMillionTokens = round(c.value()));
    d.ttft().ifPresent(t -> status.recommendedPlan.predictedTtft = Durations.format(t));
    d.itl().ifPresent(t -> status.recommendedPlan.predictedItl = Durations.format(t));
    status.frontier = d.frontier().isEmpty() ? status.frontier
        : d.frontier().stream().limit(FRONTIER_IN_STATUS).map(ReportStatus::point).toList();
    status.observed = r.observation().map(o -> observed(o, r.budget())).orElse(status.observed);
    calibration(status, r.calibration());
    if (r.replicasChanged()) {
      status.lastScaleTime = now.toString();
    }
    if (r.batchChanged()) {
      status.lastBatchChangeTime = now.toString();
    }
    r.spot().ifPresent(s -> spot(status, r, s, view.spotCompanionName(), generation));
    status.hpa = view.hpa().map(h -> hpa(h, r, view.maxReplicas())).orElse(null);
    conditions(status, r, view.targetName(), generation, now);
    feedback(status, r, generation, now);
    status.lastDecisionTime = now.toString();
  }

  /** Predicted vs observed at the plan that ran, and a condition when they disagree beyond the tolerance. */
  private static void feedback(InferenceCostPolicyStatus status, CycleReport r, Long generation, Instant now) {
    if (r.feedback().isEmpty() || status.feedback == null) {
      Conditions.unknown(status.conditions, Conditions.PREDICTION_ACCURATE, "NoMetrics",
          "Latency not observed this cycle", generation, now);
      return;
    }
    var a = r.feedback().get();
    FeedbackStatusMapping.figures(status.feedback, a);
    String text = ReportTexts.feedback(status.feedback, a);
    if (a.disagreement().beyondTolerance()) {
      Conditions.set(status.conditions, Conditions.PREDICTION_ACCURATE, false, "ModelDisagrees",
          text + "; the decision plans with the learnt corrections", generation, now);
    } else {
      Conditions.set(status.conditions, Conditions.PREDICTION_ACCURATE, true, "ModelAgrees", text, generation, now);
    }
  }

  private static void conditions(InferenceCostPolicyStatus status, CycleReport r, String target, Long generation,
      Instant now) {
    Decision d = r.decision();
    Conditions.set(status.conditions, Conditions.READY, true, r.enforced() ? "Enforcing" : "Recommending",
        ReportTexts.ready(r, target), generation, now);
    if (r.metricsFailure().isPresent()) {
      var failure = r.metricsFailure().get();
      Conditions.set(status.conditions, Conditions.METRICS_AVAILABLE, false, failure.reason(),
          failure.getMessage() + "; holding the current plan", generation, now);
      Conditions.unknown(status.conditions, Conditions.SLO_MET, "NoMetrics", "Latency not observed this cycle",
          generation, now);
      Conditions.unknown(status.conditions, Conditions.WITHIN_BUDGET, "NoMetrics",
          "Output tokens not observed this cycle", generation, now);
      return;
    }
    Observation o = r.observation().orElseThrow();
    Conditions.set(status.conditions, Conditions.METRICS_AVAILABLE, true, "MetricsRead", ReportTexts.metricsRead(o),
        generation, now);
    if (r.slo().met().isEmpty()) {
      Conditions.unknown(status.conditions, Conditions.SLO_MET, "NoCompletedRequests",
          "No request completed in the window", generation, now);
    } else if (!r.slo().met().get()) {
      Conditions.set(status.conditions, Conditions.SLO_MET, false, "ObjectiveMissed", ReportTexts.slo(r), generation,
          now);
    } else if (!d.sloMet() && d.ttft().isPresent()) {
      Conditions.set(status.conditions, Conditions.SLO_MET, false, d.reason().name(),
          ReportTexts.slo(r) + "; the chosen plan is predicted to miss them: " + d.message(), generation, now);
    } else {
      Conditions.set(status.conditions, Conditions.SLO_MET, true, "ObjectivesMet", ReportTexts.slo(r), generation, now);
    }
    if (r.budget().isEmpty()) {
      Conditions.unknown(status.conditions, Conditions.WITHIN_BUDGET, "NoPrice",
          "No price for GPU type " + r.policy().capacity().gpuType(), generation, now);
      return;
    }
    BudgetUse use = r.budget().get();
    String figures = ReportTexts.budget(r, use);
    if (!use.within()) {
      Conditions.set(status.conditions, Conditions.WITHIN_BUDGET, false, "OverBudget", figures, generation, now);
    } else if (!d.withinBudget() && d.expectedCost().isPresent() && d.ttft().isPresent()) {
      Conditions.set(status.conditions, Conditions.WITHIN_BUDGET, false, d.reason().name(),
          figures + "; the chosen plan is predicted over budget: " + d.message(), generation, now);
    } else {
      Conditions.set(status.conditions, Conditions.WITHIN_BUDGET, true, "WithinBudget", figures, generation, now);
    }
  }

  private static void spot(InferenceCostPolicyStatus status, CycleReport r, SpotAvailability health, String companion,
      Long generation) {
    SpotStatus s = new SpotStatus();
    s.companion = r.after().spotReplicas() > 0 || r.running().spotReplicas() > 0
        || status.spot != null && status.spot.companion != null ? companion : null;
    s.replicas = r.after().spotReplicas();
    s.healthy = health.healthy();
    s.lastDisruptionTime = health.lastDisruption().map(Instant::toString).orElse(null);
    s.usableAgainAt = health.usableAgainAt().map(Instant::toString).orElse(null);
    s.message = health.message();
    status.spot = s;
    Instant now = r.at();
    if (!r.spotWanted()) {
      Conditions.set(status.conditions, Conditions.SPOT_AVAILABLE, false, "SpotDisabled",
          "spec.capacity.spot.enabled is false; spot replicas are moved to on-demand", generation, now);
    } else if (health.healthy()) {
      Conditions.set(status.conditions, Conditions.SPOT_AVAILABLE, true, "SpotHealthy", health.message(), generation,
          now);
    } else {
      Conditions.set(status.conditions, Conditions.SPOT_AVAILABLE, false, "SpotLost", health.message(), generation, now);
    }
  }

  private static HpaStatus hpa(HorizontalPodAutoscaler hpa, CycleReport r, int maxReplicas) {
    HpaStatus h = new HpaStatus();
    h.name = hpa.getMetadata().getName();
    h.minReplicas = r.enforced() ? KubernetesPlanRealizer.hpaMin(r.after()) : hpa.getSpec().getMinReplicas();
    h.maxReplicas = r.enforced() ? KubernetesPlanRealizer.hpaMax(r.after(), maxReplicas) : hpa.getSpec().getMaxReplicas();
    return h;
  }

  private static void calibration(InferenceCostPolicyStatus status, ProfileCalibration.Report c) {
    CalibrationStatus s = status.calibration != null ? status.calibration : new CalibrationStatus();
    s.samples = c.samples();
    s.applied = c.applied();
    s.reason = c.reason();
    s.baseIterationTime = Durations.format(c.baseIterationTime());
    s.perSequenceTime = Durations.format(c.perSequenceTime());
    s.perPrefillTokenTime = Durations.format(c.perPrefillTokenTime());
    s.fittedAt = c.fittedAt().toString();
    status.calibration = s;
  }

  private static ObservedFigures observed(Observation o, Optional<BudgetUse> budget) {
    ObservedFigures f = new ObservedFigures();
    f.requestsPerSecond = round(o.load().rate().value());
    f.inputTokensPerSecond = round(o.load().inputTokenRate().value());
    f.outputTokensPerSecond = round(o.load().outputTokenRate().value());
    f.ttft = o.ttft().map(Durations::format).orElse(null);
    f.itl = o.itl().map(Durations::format).orElse(null);
    f.runningRequests = round(o.runningRequests());
    f.waitingRequests = round(o.waitingRequests());
    f.kvCacheUsage = round(o.kvCacheUsage());
    f.readyReplicas = o.readyPods();
    f.takenAt = o.takenAt().toString();
    budget.ifPresent(b -> {
      f.usdPerHour = round(b.spend().value());
      f.usdPerMillionTokens = b.costPerMillionTokens().map(c -> round(c.value())).orElse(null);
    });
    return f;
  }

  private static FrontierPointStatus point(FrontierPoint p) {
    FrontierPointStatus s = new FrontierPointStatus();
    s.onDemandReplicas = p.plan().onDemandReplicas();
    s.spotReplicas = p.plan().spotReplicas();
    s.batchCap = p.plan().batchCap();
    s.prefillChunk = p.plan().prefillChunk().isPresent() ? p.plan().prefillChunk().getAsInt() : null;
    s.usdPerHour = round(p.expectedCost().value());
    s.usdPerMillionTokens = Double.isFinite(p.costPerMillionTokens().value()) ? round(p.costPerMillionTokens().value())
        : null;
    s.ttft = p.ttft().map(Durations::format).orElse(null);
    s.itl = p.itl().map(Durations::format).orElse(null);
    s.meetsSlo = p.meetsSlo();
    s.withinBudget = p.withinBudget();
    return s;
  }

  private static PlanStatus plan(Plan plan, String reason, String message) {
    PlanStatus p = new PlanStatus();
    p.replicas = plan.totalReplicas();
    p.onDemandReplicas = plan.onDemandReplicas();
    p.spotReplicas = plan.spotReplicas();
    p.batchCap = plan.batchCap();
    p.prefillChunk = plan.prefillChunk().isPresent() ? plan.prefillChunk().getAsInt() : null;
    p.reason = reason;
    p.message = message;
    return p;
  }

  private static double round(double v) {
    return Math.round(v * 10_000.0) / 10_000.0;
  }
}
