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
 * @param timeScale how many times faster than real time the operator's clock runs (1 in a cluster;
 *     more in the closed-loop demo, where requeue delays shrink by this factor)
 */
public record OperatorSettings(
    Set<String> namespaces, boolean leaderElection, String leaseName, String leaseNamespace,
    Duration eventSuppression, double timeScale) {

  public OperatorSettings {
    namespaces = Set.copyOf(namespaces);
    if (!(timeScale >= 1) || Double.isInfinite(timeScale)) {
      throw new IllegalArgumentException("timeScale must be a finite number >= 1, got " + timeScale);
    }
  }

  public OperatorSettings(Set<String> namespaces, boolean leaderElection, String leaseName, String leaseNamespace,
      Duration eventSuppression) {
    this(namespaces, leaderElection, leaseName, leaseNamespace, eventSuppression, 1.0);
  }

  /** A delay on the operator's clock as a real-time delay. */
  public Duration realTime(Duration onOperatorClock) {
    return Duration.ofNanos(Math.max(1_000_000L, Math.round(onOperatorClock.toNanos() / timeScale)));
  }

  public static OperatorSettings defaults() {
    return new OperatorSettings(Set.of(), false, "costslo-operator-lease", null, Duration.ofMinutes(10));
  }
}
