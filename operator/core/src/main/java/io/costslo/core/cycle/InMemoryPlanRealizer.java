package io.costslo.core.cycle;

import io.costslo.core.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers the plans it was asked to apply. */
public final class InMemoryPlanRealizer implements PlanRealizer {
  private final Map<String, Plan> current = new ConcurrentHashMap<>();
  private final List<Plan> applied = new ArrayList<>();

  @Override
  public synchronized void realize(String policyKey, Plan plan) {
    current.put(policyKey, plan);
    applied.add(plan);
  }

  public Optional<Plan> current(String policyKey) {
    return Optional.ofNullable(current.get(policyKey));
  }

  public synchronized List<Plan> applied() {
    return List.copyOf(applied);
  }
}
