package io.costslo.core.cycle;

import io.costslo.core.load.Load;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.Observation;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.LatencyPrediction;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.plan.Plan;
import io.costslo.core.units.RequestsPerSecond;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A fleet whose real latency is the model's times a fixed slowdown: the truth the closed loop has
 * to discover. While saturated it completes only its capacity and the queue grows.
 */
final class ClosedLoopWorld implements MetricsSource, PlanRealizer {
  final ReplicaProfile profile;
  final double slowdown;
  Load offered;
  Plan plan;
  Instant now;
  double waiting;

  ClosedLoopWorld(ReplicaProfile profile, double slowdown, Load offered, Plan initial, Instant start) {
    this.profile = profile;
    this.slowdown = slowdown;
    this.offered = offered;
    this.plan = initial;
    this.now = start;
  }

  /** What really happens at a plan: the model's prediction times the slowdown. */
  LatencyPrediction truth(Plan p) {
    LatencyPrediction m = LatencyModel.predict(profile, offered, p.totalReplicas(), p.batchCap(), 0.99);
    return m.saturated() ? m : new LatencyPrediction(false, m.ttftMillis() * slowdown, m.itlMillis() * slowdown,
        m.utilisation(), m.meanRunningBatch(), m.effectiveBatchCap());
  }

  @Override
  public Observation observe(MetricsQuery query) {
    LatencyPrediction t = truth(plan);
    double rate = offered.rate().value();
    Optional<Duration> ttft;
    Optional<Duration> itl;
    if (t.saturated()) {
      double capacity = plan.totalReplicas()
          * LatencyModel.maxRequestRatePerReplica(profile, offered, plan.batchCap()).value();
      waiting += Math.max(0, rate - capacity) * 30;
      rate = capacity;
      ttft = Optional.of(Duration.ofSeconds(30));
      itl = Optional.of(Duration.ofMillis(Math.round(500 * slowdown)));
    } else {
      waiting = 0;
      ttft = Optional.of(Duration.ofNanos(Math.round(t.ttftMillis() * 1e6)));
      itl = Optional.of(Duration.ofNanos(Math.round(t.itlMillis() * 1e6)));
    }
    Load served = offered.withRate(RequestsPerSecond.of(rate));
    return new Observation(now, query.window(), served, ttft, itl, query.percentile(), 0, waiting, 0.5,
        Math.max(1, plan.totalReplicas()), List.of());
  }

  @Override
  public void realize(String policyKey, Plan next) {
    plan = next;
  }
}
