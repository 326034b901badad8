package io.costslo.app.operator;

import java.time.Duration;
import java.util.Set;

/**
 * How the operator runs: namespaces to watch (empty = all), leader election, event de-duplication.
 *
 * @param namespaces namespaces to watch; empty watches all
 * @param leaderElection whether to take a Lease before reconciling
 * @param leaseName Lease name when leaderElection is on
 * @param leaseNamespace Lease namespace; null uses the client's namespace
 * @param eventSuppression identical events on one policy within this interval are written once
 */
public record OperatorSettings(
    Set<String> namespaces, boolean leaderElection, String leaseName, String leaseNamespace,
    Duration eventSuppression) {

  public OperatorSettings {
    namespaces = Set.copyOf(namespaces);
  }

  public static OperatorSettings defaults() {
    return new OperatorSettings(Set.of(), false, "costslo-operator-lease", null, Duration.ofMinutes(10));
  }
}
