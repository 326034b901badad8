package io.costslo.app.operator;

import io.costslo.api.v1alpha1.InferenceCostPolicyStatus;
import io.costslo.api.v1alpha1.StabilityStatus;
import io.costslo.core.decision.Decision;
import io.costslo.core.decision.DecisionStore;
import io.costslo.core.decision.StabilityState;
import java.time.Instant;
import java.util.Optional;

/**
 * The decision store for one policy, backed by its status: the stability state survives an
 * operator restart because it is written to the API server with the status patch.
 */
final class StatusDecisionStore implements DecisionStore {
  private final InferenceCostPolicyStatus status;
  private Decision last;

  StatusDecisionStore(InferenceCostPolicyStatus status) {
    this.status = status;
  }

  @Override
  public Optional<Decision> lastDecision(String policyKey) {
    return Optional.ofNullable(last);
  }

  @Override
  public StabilityState stability(String policyKey) {
    StabilityStatus s = status.stability;
    if (s == null) {
      return StabilityState.empty();
    }
    return new StabilityState(Optional.ofNullable(s.lastBatchChange).map(Instant::parse),
        s.recommendations.stream()
            .filter(r -> r.at != null && r.replicas != null)
            .map(r -> r.onDemandReplicas == null
                ? new StabilityState.Recommendation(Instant.parse(r.at), r.replicas)
                : new StabilityState.Recommendation(Instant.parse(r.at), r.replicas, r.onDemandReplicas))
            .toList());
  }

  @Override
  public void save(String policyKey, Decision decision, StabilityState state) {
    last = decision;
    StabilityStatus s = new StabilityStatus();
    s.lastBatchChange = state.lastBatchChange().map(Instant::toString).orElse(null);
    state.recommendations().forEach(r ->
        s.recommendations.add(new StabilityStatus.Recommendation(r.at().toString(), r.totalReplicas(),
            r.onDemandReplicas())));
    status.stability = s;
  }
}
