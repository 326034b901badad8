package io.costslo.core.cycle;

import io.costslo.core.decision.Decision;

/** Port: reports every decision (Kubernetes events and status, simulator logs). */
public interface DecisionEvents {

  void report(String policyKey, Decision decision);
}
