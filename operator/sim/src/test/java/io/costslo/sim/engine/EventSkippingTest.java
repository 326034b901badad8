package io.costslo.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.plan.Plan;
import io.costslo.sim.control.FixedController;
import io.costslo.sim.workload.RateCurve;
import io.costslo.sim.workload.Workload;
import io.costslo.sim.workload.Workloads;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The event-skipping simulator against a naive reference that advances one replica one step at a
 * time (written here, independently): same admission rules, so per-request figures must agree.
 */
class EventSkippingTest {
  private static final ReplicaProfile BIG_KV = new ReplicaProfile("ref", "H100", 1,
      BuiltInProfiles.LLAMA_8B_H100.baseMillis(), BuiltInProfiles.LLAMA_8B_H100.perSequenceMillis(),
      BuiltInProfiles.LLAMA_8B_H100.perPrefillTokenMillis(), 100_000_000L, "test");

  @ParameterizedTest(name = "{0} rps, cap {1}")
  @CsvSource({"2,64", "9,64", "14,256", "16,32"})
  void agreesWithStepByStepReference(double rps, int cap) {
    Workload w = Workloads.fromRateCurve("flat", new RateCurve(300, new double[] {rps, rps}), 17);
    SimConfig config = SimConfig.defaults().withSpot(0, 0, Duration.ZERO);
    RunResult sim = new Simulator(w, BIG_KV, 1, 1, config, 1, new FixedController("fixed", new Plan(1, 0, cap)), Duration.ofSeconds(2),
        Duration.ofMillis(100)).run();
    double[][] ref = reference(w, cap, config.maxPrefillTokensPerStep());
    double[] ttft = ref[0].clone();
    double[] itl = ref[1].clone();
    Arrays.sort(ttft);
    Arrays.sort(itl);
    assertThat(sim.completed()).isEqualTo(w.size());
    assertThat(sim.ttftP99Seconds()).isCloseTo(Percentiles.sorted(ttft, 0.99), within(1e-6));
    assertThat(sim.ttftP50Seconds()).isCloseTo(Percentiles.sorted(ttft, 0.5), within(1e-6));
    assertThat(sim.itlP50Seconds()).isCloseTo(Percentiles.sorted(itl, 0.5), within(1e-6));
    assertThat(sim.itlP99Seconds()).isCloseTo(Percentiles.sorted(itl, 0.99), within(1e-6));
    long ok = Arrays.stream(ref[0]).filter(v -> v <= 2.0).count();
    assertThat(sim.ttftAttainment()).isCloseTo((double) ok / w.size(), within(1e-9));
  }

  /** Per request TTFT and mean ITL, one step at a time. */
  private static double[][] reference(Workload w, int cap, int prefillBudget) {
    int n = w.size();
    double[] first = new double[n];
    double[] done = new double[n];
    int[] left = new int[n];
    Deque<Integer> queue = new ArrayDeque<>();
    List<Integer> running = new ArrayList<>();
    double t = 0;
    int next = 0;
    int finished = 0;
    while (finished < n) {
      if (running.isEmpty() && queue.isEmpty() && w.arrivalSeconds()[next] > t) {
        t = w.arrivalSeconds()[next];
      }
      while (next < n && w.arrivalSeconds()[next] <= t) {
        queue.add(next++);
      }
      List<Integer> admitted = new ArrayList<>();
      long tokens = 0;
      while (!queue.isEmpty() && running.size() < cap) {
        int i = queue.peek();
        if (tokens > 0 && tokens + w.inputTokens()[i] > prefillBudget) {
          break;
        }
        queue.poll();
        running.add(i);
        admitted.add(i);
        left[i] = w.outputTokens()[i];
        tokens += w.inputTokens()[i];
      }
      t += BIG_KV.iterationMillis(running.size(), tokens) / 1000.0;
      for (int i : admitted) {
        first[i] = t;
      }
      for (int k = running.size() - 1; k >= 0; k--) {
        int i = running.get(k);
        if (--left[i] == 0) {
          done[i] = t;
          running.remove(k);
          finished++;
        }
      }
    }
    double[] ttft = new double[n];
    double[] itl = new double[n];
    for (int i = 0; i < n; i++) {
      ttft[i] = first[i] - w.arrivalSeconds()[i];
      itl[i] = w.outputTokens()[i] > 1 ? (done[i] - first[i]) / (w.outputTokens()[i] - 1) : 0;
    }
    return new double[][] {ttft, itl};
  }
}
