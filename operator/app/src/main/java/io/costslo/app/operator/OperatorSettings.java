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
 * @param metricsAllowedHosts hosts a policy's Prometheus URL may name (exact, or {@code *.suffix});
 *     empty allows any host but then no policy's bearer token or CA is ever sent (chart value
 *     {@code metrics.allowedHosts})
 */
public record OperatorSettings(
    Set<String> namespaces, boolean leaderElection, String leaseName, String leaseNamespace,
    Duration eventSuppression, double timeScale, Set<String> metricsAllowedHosts) {

  public OperatorSettings {
    namespaces = Set.copyOf(namespaces);
    metricsAllowedHosts = metricsAllowedHosts.stream().map(h -> h.trim().toLowerCase(java.util.Locale.ROOT))
        .filter(h -> !h.isEmpty()).collect(java.util.stream.Collectors.toUnmodifiableSet());
    if (!(timeScale >= 1) || Double.isInfinite(timeScale)) {
      throw new IllegalArgumentException("timeScale must be a finite number >= 1, got " + timeScale);
    }
  }

  public OperatorSettings(Set<String> namespaces, boolean leaderElection, String leaseName, String leaseNamespace,
      Duration eventSuppression, double timeScale) {
    this(namespaces, leaderElection, leaseName, leaseNamespace, eventSuppression, timeScale, Set.of());
  }

  public OperatorSettings(Set<String> namespaces, boolean leaderElection, String leaseName, String leaseNamespace,
      Duration eventSuppression) {
    this(namespaces, leaderElection, leaseName, leaseNamespace, eventSuppression, 1.0);
  }

  public OperatorSettings withMetricsAllowedHosts(Set<String> hosts) {
    return new OperatorSettings(namespaces, leaderElection, leaseName, leaseNamespace, eventSuppression, timeScale,
        hosts);
  }

  /** Whether credentials may be sent to this host: listed exactly, or under a listed {@code *.suffix}. */
  public boolean metricsHostAllowed(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(java.util.Locale.ROOT);
    return metricsAllowedHosts.contains(h) || metricsAllowedHosts.stream()
        .anyMatch(a -> a.startsWith("*.") && h.endsWith(a.substring(1)) && h.length() > a.length() - 1);
  }

  /** A delay on the operator's clock as a real-time delay. */
  public Duration realTime(Duration onOperatorClock) {
    return Duration.ofNanos(Math.max(1_000_000L, Math.round(onOperatorClock.toNanos() / timeScale)));
  }

  public static OperatorSettings defaults() {
    return new OperatorSettings(Set.of(), false, "costslo-operator-lease", null, Duration.ofMinutes(10));
  }
}
