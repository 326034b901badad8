package io.costslo.core.cycle;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps policy state in memory: for tests and the simulator (lost when the process ends). */
public final class InMemoryPolicyStateStore implements PolicyStateStore {
  private final Map<String, PolicyState> states = new ConcurrentHashMap<>();

  @Override
  public PolicyState load(String policyKey) {
    return states.getOrDefault(policyKey, PolicyState.empty());
  }

  @Override
  public void save(String policyKey, PolicyState state) {
    states.put(policyKey, state);
  }
}
