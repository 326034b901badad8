package io.costslo.core.decision;

import java.util.Optional;

/**
 * Port: what the cycle remembers per policy key (e.g. "namespace/name"): the last decision and the
 * stability state (last batch-change time, recent recommendations). The operator may back this
 * with the custom resource's status; {@link InMemoryDecisionStore} is the default.
 */
public interface DecisionStore {

  Optional<Decision> lastDecision(String policyKey);

  StabilityState stability(String policyKey);

  void save(String policyKey, Decision decision, StabilityState state);
}
