package io.costslo.core.testing;

import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.CostPolicy.BatchOptions;
import io.costslo.core.policy.CostPolicy.Budget;
import io.costslo.core.policy.CostPolicy.Capacity;
import io.costslo.core.policy.CostPolicy.LatencyObjective;
import io.costslo.core.policy.CostPolicy.ReplicaBounds;
import io.costslo.core.policy.CostPolicy.SpotOptions;
import io.costslo.core.policy.CostPolicy.StabilityOptions;
import io.costslo.core.policy.Priority;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A fluent builder for test policies with sensible defaults. */
public final class Policies {
  private LatencyObjective objective = LatencyObjective.of(0.99, Duration.ofMillis(2000), Duration.ofMillis(100));
  private Budget budget = Budget.none();
  private Priority priority = Priority.SLO;
  private ReplicaBounds replicas = new ReplicaBounds(1, 50);
  private BatchOptions batch = new BatchOptions(List.of(16, 32, 64, 128, 256), 64);
  private Capacity capacity;
  private SpotOptions spot = SpotOptions.disabled();
  private StabilityOptions stability = StabilityOptions.none();
  private Optional<Integer> fallback = Optional.empty();

  private Policies(ReplicaProfile profile) {
    this.capacity = Capacity.of(profile);
  }

  public static Policies on(ReplicaProfile profile) {
    return new Policies(profile);
  }

  public Policies objective(double percentile, long ttftMillis, long itlMillis) {
    objective = LatencyObjective.of(percentile, Duration.ofMillis(ttftMillis), Duration.ofMillis(itlMillis));
    return this;
  }

  public Policies budget(Budget b) {
    budget = b;
    return this;
  }

  public Policies priority(Priority p) {
    priority = p;
    return this;
  }

  public Policies replicas(int min, int max) {
    replicas = new ReplicaBounds(min, max);
    return this;
  }

  public Policies batchCaps(List<Integer> caps, int defaultCap) {
    batch = new BatchOptions(caps, defaultCap);
    return this;
  }

  public Policies batch(BatchOptions options) {
    batch = options;
    return this;
  }

  public Policies spot(double maxShare, int minOnDemand, double preemptionsPerHour, Duration recovery) {
    spot = new SpotOptions(true, maxShare, minOnDemand, preemptionsPerHour, recovery, Optional.empty());
    return this;
  }

  public Policies stability(StabilityOptions s) {
    stability = s;
    return this;
  }

  public Policies fallback(int replicasOnMissingMetrics) {
    fallback = Optional.of(replicasOnMissingMetrics);
    return this;
  }

  public CostPolicy build() {
    return new CostPolicy(objective, budget, priority, replicas, batch, capacity, spot, stability, Map.of(), fallback);
  }
}
