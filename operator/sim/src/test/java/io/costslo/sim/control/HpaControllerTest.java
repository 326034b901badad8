package io.costslo.sim.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.plan.Plan;
import io.costslo.sim.engine.SimContext;
import io.costslo.sim.engine.WindowStats;
import io.costslo.sim.workload.Workload;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** HPA arithmetic on a hand-written fake cluster (no simulator). */
class HpaControllerTest {

  /** A cluster whose metrics the test sets. */
  static final class FakeCluster implements SimContext {
    double now;
    double utilisation;
    double waiting;
    double running;
    double windowSeconds = 60;
    Plan desired;
    int ready;

    FakeCluster(Plan start) {
      desired = start;
      ready = start.totalReplicas();
    }

    public double nowSeconds() {
      return now;
    }

    public Instant now() {
      return Instant.EPOCH.plusSeconds((long) now);
    }

    public WindowStats window(Duration w, double p) {
      return new WindowStats(windowSeconds, 0, 0, 0, running, waiting, 0, utilisation, ready, Double.NaN, Double.NaN,
          ready);
    }

    public Plan desired() {
      return desired;
    }

    public void apply(Plan plan) {
      desired = plan;
    }

    public int readyReplicas() {
      return ready;
    }

    public Workload workload() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int readyReplicas(io.costslo.sim.engine.CapacityType type) {
      return type == io.costslo.sim.engine.CapacityType.ON_DEMAND ? readyReplicas() : 0;
    }

    @Override
    public int finishedCount() {
      return 0;
    }

    @Override
    public FinishedRequest finished(int i) {
      throw new IndexOutOfBoundsException(i);
    }
  }

  @Test
  void scalesUpByTheRatioAndDownOnlyAfterTheStabilizationWindow() {
    HpaController hpa = HpaController.utilisation(1, 64, 64, 4, 0.7);
    FakeCluster c = new FakeCluster(hpa.initialPlan());
    c.utilisation = 0.98; // ratio 1.4 -> ceil(4 x 1.4) = 6
    hpa.tick(c);
    assertThat(c.desired).isEqualTo(new Plan(6, 0, 64));
    c.ready = 6;
    c.utilisation = 0.72; // within 10% tolerance: no change
    c.now = 15;
    hpa.tick(c);
    assertThat(c.desired.totalReplicas()).isEqualTo(6);
    c.utilisation = 0.35; // wants 3, but the last 5 min recommended 6
    for (int t = 30; t < 300; t += 15) {
      c.now = t;
      hpa.tick(c);
      assertThat(c.desired.totalReplicas()).as("t=%d", t).isEqualTo(6);
    }
    c.now = 330;
    hpa.tick(c);
    assertThat(c.desired.totalReplicas()).isEqualTo(3);
  }

  @Test
  void scaleUpIsLimitedPerPeriod() {
    HpaController hpa = HpaController.utilisation(1, 64, 64, 2, 0.1);
    FakeCluster c = new FakeCluster(hpa.initialPlan());
    c.utilisation = 1.0; // ratio 10 -> 20, limited to max(2 x 2, 2 + 4) = 6
    hpa.tick(c);
    assertThat(c.desired.totalReplicas()).isEqualTo(6);
  }

  @Test
  void queueFlavourUsesTheTotalOverThePerPodThreshold() {
    HpaController keda = HpaController.queue(1, 64, 64, 2, 5);
    FakeCluster c = new FakeCluster(keda.initialPlan());
    c.waiting = 19; // ceil(19 / 5) = 4
    keda.tick(c);
    assertThat(c.desired.totalReplicas()).isEqualTo(4);
    c.waiting = 0;
    c.now = 400;
    keda.tick(c);
    assertThat(c.desired.totalReplicas()).isEqualTo(1); // no waiting: min replicas once the window passed
  }

  @Test
  void inFlightFlavourCountsRunningAndWaitingPerPod() {
    HpaController hpa = HpaController.inFlight("hpa", 1, 64, 64, 2, 32);
    FakeCluster c = new FakeCluster(hpa.initialPlan());
    c.running = 64; // the batch is full: running / cap would say 100%
    c.waiting = 100; // and the queue is where the load shows: ceil(164 / 32) = 6
    hpa.tick(c);
    assertThat(c.desired.totalReplicas()).isEqualTo(6);
    assertThat(hpa.setting()).isEqualTo("running+waiting per pod, target 32");
  }

  @Test
  void kedaFallsBackAfterThreeFailedReads() {
    HpaController keda = HpaController.keda(1, 10, 64, 3, 32, 5);
    FakeCluster c = new FakeCluster(keda.initialPlan());
    c.windowSeconds = 0; // no data: a failed read
    keda.tick(c);
    keda.tick(c);
    assertThat(c.desired.totalReplicas()).isEqualTo(3);
    keda.tick(c);
    assertThat(c.desired.totalReplicas()).isEqualTo(5);
    c.windowSeconds = 30;
    c.running = 500; // metrics back: ceil(500 / 32) = 16, limited to the max of 10
    keda.tick(c);
    assertThat(c.desired.totalReplicas()).isEqualTo(10);
  }
}
