package io.costslo.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.plan.Plan;
import io.costslo.sim.control.FixedController;
import io.costslo.sim.workload.Workload;
import io.costslo.sim.workload.Workloads;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The search shortcuts against brute force: a probe that stops once it certainly misses answers as the
 * whole run does; selection gives the sorted array's nearest-rank percentile; the flat event heap pops
 * in (time, scheduling order).
 */
class ProbeTest {
  private static Simulator sim(Workload w, int replicas, int cap) {
    return new Simulator(w, BuiltInProfiles.LLAMA_8B_H100, 6.88, 3.35, SimConfig.defaults(), 7,
        new FixedController("fixed", new Plan(replicas, 0, cap)), Duration.ofSeconds(2), Duration.ofMillis(100));
  }

  @Test
  void aProbeAnswersAsTheWholeRunAndStopsEarlyOnlyWhenItMisses() {
    Workload w = Workloads.synthetic(30, 0.5, 3);
    int early = 0;
    int met = 0;
    for (int replicas = 1; replicas <= 5; replicas++) {
      for (int cap : new int[] {32, 256}) {
        for (double p : new double[] {0.9, 0.99}) {
          RunResult whole = sim(w, replicas, cap).run();
          Simulator probe = sim(w, replicas, cap);
          boolean meets = probe.runMeets(p);
          assertThat(meets).as("%d replicas, cap %d, p%.2f", replicas, cap, p).isEqualTo(whole.meets(p));
          if (probe.stoppedEarly()) {
            early++;
            assertThat(meets).isFalse();
          } else {
            assertThat(probe.lastResult()).usingRecursiveComparison()
                .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class).isEqualTo(whole);
          }
          met += meets ? 1 : 0;
        }
      }
    }
    assertThat(early).as("probes that stopped early").isPositive();
    assertThat(met).as("probes that met").isPositive();
  }

  @Test
  void aVerdictAnswersAsTheWholeRunAndLeavesNoResult() {
    Workload w = Workloads.synthetic(30, 0.5, 3);
    int stopped = 0;
    for (int replicas = 1; replicas <= 5; replicas++) {
      for (int cap : new int[] {32, 256}) {
        for (double p : new double[] {0.9, 0.99}) {
          boolean whole = sim(w, replicas, cap).run().meets(p);
          Simulator verdict = sim(w, replicas, cap);
          assertThat(verdict.verdict(p)).as("%d replicas, cap %d, p%.2f", replicas, cap, p).isEqualTo(whole);
          stopped += verdict.stoppedEarly() ? 1 : 0;
          assertThat(verdict.lastResult()).isNull(); // a verdict keeps the answer only
        }
      }
    }
    assertThat(stopped).as("verdicts that stopped early").isPositive();
  }

  @Test
  void selectionGivesTheSortedPercentile() {
    SplittableRandom r = new SplittableRandom(5);
    for (int trial = 0; trial < 200; trial++) {
      int m = 1 + r.nextInt(300);
      double[] a = new double[m + 3];
      for (int i = 0; i < a.length; i++) {
        a[i] = trial % 3 == 0 ? r.nextInt(5) : r.nextDouble() * 10; // many ties in a third of the trials
      }
      for (double p : new double[] {0.0, 0.5, 0.9, 0.99, 1.0}) {
        double[] sorted = Arrays.copyOf(a, m);
        Arrays.sort(sorted);
        assertThat(Percentiles.select(Arrays.copyOf(a, a.length), m, p)).isEqualTo(Percentiles.sorted(sorted, p));
      }
    }
    assertThat(Percentiles.select(new double[0], 0, 0.5)).isNaN();
  }

  @Test
  void eventsPopInTimeThenSchedulingOrder() {
    EventQueue q = new EventQueue();
    SplittableRandom r = new SplittableRandom(9);
    int n = 2000;
    double[] times = new double[n];
    for (int i = 0; i < n; i++) {
      times[i] = r.nextInt(50); // ties on purpose
      q.schedule(times[i], i % 9, null, i);
    }
    double lastTime = -1;
    int lastVersion = -1;
    for (int i = 0; i < n; i++) {
      EventQueue.Event e = q.poll();
      assertThat(e.time).isGreaterThanOrEqualTo(lastTime);
      if (e.time == lastTime) {
        assertThat(e.version).isGreaterThan(lastVersion); // version carries the scheduling order here
      }
      assertThat(e.time).isEqualTo(times[e.version]);
      lastTime = e.time;
      lastVersion = e.version;
    }
    assertThat(q.isEmpty()).isTrue();
  }
}
