package io.costslo.app.operator;

import io.costslo.api.v1alpha1.CalibrationStatus;
import io.costslo.api.v1alpha1.DecisionRecordStatus;
import io.costslo.api.v1alpha1.InferenceCostPolicyStatus;
import io.costslo.api.v1alpha1.SpotStatus;
import io.costslo.api.v1alpha1.StabilityStatus;
import io.costslo.core.cycle.PolicyState;
import io.costslo.core.cycle.PolicyStateStore;
import io.costslo.core.decision.StabilityState;
import io.costslo.core.metrics.Observation.CalibrationSample;
import io.costslo.core.plan.Plan;
import io.costslo.core.units.Durations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The policy state store for one policy, backed by its status: stability, calibration points, spot
 * disruption, decision history and the closed loop's memory are written to the API server with the status patch, so a restarted
 * operator carries on where it stopped. The key is ignored: one store serves one policy's status.
 */
final class StatusPolicyStateStore implements PolicyStateStore {
  private final InferenceCostPolicyStatus status;

  StatusPolicyStateStore(InferenceCostPolicyStatus status) {
    this.status = status;
  }

  @Override
  public PolicyState load(String policyKey) {
    CalibrationStatus c = status.calibration;
    List<CalibrationSample> points = c == null || c.points == null ? List.of() : c.points.stream()
        .filter(p -> p.runningBatch != null && p.itlSeconds != null && p.promptTokensPerSecond != null
            && p.ttftSeconds != null && Double.isFinite(p.itlSeconds) && Double.isFinite(p.ttftSeconds))
        .map(p -> new CalibrationSample("", p.runningBatch, Durations.ofSeconds(p.itlSeconds), p.promptTokensPerSecond,
            Durations.ofSeconds(p.ttftSeconds)))
        .toList();
    SpotStatus s = status.spot;
    List<PolicyState.DecisionRecord> history = status.history == null ? List.of() : status.history.stream()
        .filter(h -> h.at != null && h.onDemandReplicas != null && h.spotReplicas != null && h.batchCap != null)
        .map(h -> new PolicyState.DecisionRecord(Instant.parse(h.at),
            new Plan(h.onDemandReplicas, h.spotReplicas, h.batchCap), Objects.toString(h.reason, "")))
        .toList();
    return new PolicyState(stability(status.stability), c == null ? "" : Objects.toString(c.prior, ""), points,
        Optional.ofNullable(s).map(x -> x.lastDisruptionTime).map(Instant::parse),
        s == null || !Boolean.FALSE.equals(s.healthy), history, FeedbackStatusMapping.load(status.feedback));
  }

  @Override
  public void save(String policyKey, PolicyState state) {
    StabilityStatus st = new StabilityStatus();
    st.lastBatchChange = state.stability().lastBatchChange().map(Instant::toString).orElse(null);
    state.stability().recommendations().forEach(r -> st.recommendations.add(
        new StabilityStatus.Recommendation(r.at().toString(), r.totalReplicas(), r.onDemandReplicas())));
    st.adopted = state.stability().adopted().map(r -> new StabilityStatus.Recommendation(r.at().toString(),
        r.totalReplicas(), r.onDemandReplicas())).orElse(null);
    status.stability = st;

    CalibrationStatus c = status.calibration != null ? status.calibration : new CalibrationStatus();
    c.prior = state.calibrationPrior().isEmpty() ? null : state.calibrationPrior();
    c.points = new ArrayList<>();
    state.calibrationPoints().forEach(p -> c.points.add(new CalibrationStatus.Point(p.meanRunningBatch(),
        Durations.seconds(p.meanItl()), p.promptTokensPerSecond(), Durations.seconds(p.meanTtft()))));
    status.calibration = c;

    if (state.lastSpotDisruption().isPresent() || !state.spotHealthy() || status.spot != null) {
      SpotStatus s = status.spot != null ? status.spot : new SpotStatus();
      s.lastDisruptionTime = state.lastSpotDisruption().map(Instant::toString).orElse(null);
      s.healthy = state.spotHealthy();
      status.spot = s;
    }
    List<DecisionRecordStatus> h = new ArrayList<>();
    state.history().forEach(d -> h.add(new DecisionRecordStatus(d.at().toString(), d.plan().onDemandReplicas(),
        d.plan().spotReplicas(), d.plan().batchCap(), d.reason())));
    status.history = h;
    status.feedback = FeedbackStatusMapping.save(status.feedback, state.feedback());
  }

  private static StabilityState stability(StabilityStatus s) {
    if (s == null) {
      return StabilityState.empty();
    }
    return new StabilityState(Optional.ofNullable(s.lastBatchChange).map(Instant::parse),
        s.recommendations.stream().map(StatusPolicyStateStore::recommendation).flatMap(Optional::stream).toList(),
        Optional.ofNullable(s.adopted).flatMap(StatusPolicyStateStore::recommendation));
  }

  private static Optional<StabilityState.Recommendation> recommendation(StabilityStatus.Recommendation r) {
    if (r == null || r.at == null || r.replicas == null) {
      return Optional.empty();
    }
    return Optional.of(r.onDemandReplicas == null
        ? new StabilityState.Recommendation(Instant.parse(r.at), r.replicas)
        : new StabilityState.Recommendation(Instant.parse(r.at), r.replicas, r.onDemandReplicas));
  }
}
