package io.costslo.sim.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.cycle.SpotEvidence;
import io.costslo.core.plan.Plan;
import io.costslo.sim.engine.CapacityType;
import io.costslo.sim.engine.SimContext;
import io.costslo.sim.engine.WindowStats;
import io.costslo.sim.workload.Workload;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Spot evidence from the simulated fleet: a reclaim, a shortfall past the pending timeout, our own scale-down. */
class SpotWatchTest {
  private static final Instant EPOCH = Instant.parse("2026-01-05T00:00:00Z");

  /** Only what SpotWatch reads: the clock, the desired plan, ready spot replicas. */
  private static final class Fleet implements SimContext {
    double now;
    Plan desired = new Plan(2, 2, 64);
    int readySpot = 2;

    @Override public double nowSeconds() { return now; }
    @Override public Instant now() { return EPOCH.plusNanos(Math.round(now * 1e9)); }
    @Override public WindowStats window(Duration window, double percentile) { throw new UnsupportedOperationException(); }
    @Override public Plan desired() { return desired; }
    @Override public void apply(Plan plan) { desired = plan; }
    @Override public int readyReplicas() { return desired.onDemandReplicas() + readySpot; }
    @Override public int readyReplicas(CapacityType type) {
      return type == CapacityType.SPOT ? readySpot : desired.onDemandReplicas();
    }
    @Override public int finishedCount() { return 0; }
    @Override public FinishedRequest finished(int i) { throw new IndexOutOfBoundsException(i); }
    @Override public Workload workload() { throw new UnsupportedOperationException(); }
  }

  private final Fleet fleet = new Fleet();
  private final SpotWatch watch = new SpotWatch(Duration.ofMinutes(5));

  private SpotEvidence step(double seconds) {
    fleet.now = seconds;
    SpotEvidence e = watch.observe(fleet);
    watch.applied(fleet);
    return e;
  }

  @Test
  void aReadySpotReplicaLostWhileWantedIsADisruptionAtThatStep() {
    assertThat(step(0).latestDisruption()).isEmpty();
    fleet.readySpot = 1;
    SpotEvidence e = step(30);
    assertThat(e.disruptedPods()).isEqualTo(1);
    assertThat(e.latestDisruption()).contains(EPOCH.plusSeconds(30));
  }

  @Test
  void ourOwnScaleDownIsNoDisruption() {
    step(0);
    fleet.apply(new Plan(3, 0, 64));
    fleet.readySpot = 0;
    assertThat(step(30).latestDisruption()).isEmpty();
  }

  @Test
  void spotWantedButNotReadyPastThePendingTimeoutIsADisruptionLastingUntilNow() {
    step(0);
    fleet.apply(new Plan(2, 4, 64));
    step(30);
    // Cold start (3 min) is not a disruption; 5 min without the capacity is.
    assertThat(step(210).latestDisruption()).isEmpty();
    SpotEvidence e = step(330);
    assertThat(e.stuckPendingPods()).isEqualTo(2);
    assertThat(e.latestDisruption()).contains(EPOCH.plusSeconds(330));
  }
}
