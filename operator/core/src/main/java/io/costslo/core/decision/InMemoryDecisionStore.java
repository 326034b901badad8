package io.costslo.core.decision;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps decisions and stability state in memory (lost on restart; fine for the simulator). */
public final class InMemoryDecisionStore implements DecisionStore {
  private final Map<String, Decision> decisions = new ConcurrentHashMap<>();
  private final Map<String, StabilityState> states = new ConcurrentHashMap<>();

  @Override
  public Optional<Decision> lastDecision(String policyKey) {
    return Optional.ofNullable(decisions.get(policyKey));
  }

  @Override
  public StabilityState stability(String policyKey) {
    return states.getOrDefault(policyKey, StabilityState.empty());
  }

  @Override
  public void save(String policyKey, Decision decision, StabilityState state) {
    decisions.put(policyKey, decision);
    states.put(policyKey, state);
  }
}
