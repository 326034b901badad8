package io.costslo.core.cycle;

import io.costslo.core.decision.Decision;
import java.util.ArrayList;
import java.util.List;

/** Collects reported decisions in order. */
public final class InMemoryDecisionEvents implements DecisionEvents {
  private final List<Decision> decisions = new ArrayList<>();

  @Override
  public synchronized void report(String policyKey, Decision decision) {
    decisions.add(decision);
  }

  public synchronized List<Decision> decisions() {
    return List.copyOf(decisions);
  }
}
