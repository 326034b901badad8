package io.costslo.sim.bench;

import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.plan.Plan;
import io.costslo.sim.control.FixedController;
import io.costslo.sim.engine.RunResult;
import io.costslo.sim.engine.SimConfig;
import io.costslo.sim.engine.Simulator;
import io.costslo.sim.workload.RateCurve;
import io.costslo.sim.workload.Workload;
import io.costslo.sim.workload.Workloads;
import java.time.Duration;
import java.util.Locale;

/**
 * The simulator's own speed at fleet scale (measured here, never in a timed test): one million
 * requests on a fixed fleet of 500 replicas of the 70B H100 profile (250 rps for ~67 min, 0.5 requests
 * per replica per second with Azure conversation lengths), so routing and event handling, not the controller,
 * dominate. The rate is one such a fleet serves within its objectives: replayed at 400 rps (0.8 per replica)
 * the 18,310-token KV cache, not compute, saturates it (about 260k recompute preemptions, TTFT p99 over 150 s),
 * and the figure would time a growing queue rather than a fleet at work.
 */
public final class ScaleBenchmark {
  private ScaleBenchmark() {}

  public record Result(int requests, int replicas, double wallSeconds, double requestsPerSecond, RunResult run) {}

  public static Result run(long seed) {
    int replicas = 500;
    double rps = 250;
    double seconds = 1_000_000 / rps;
    Workload w = Workloads.fromRateCurve("scale", new RateCurve(seconds, new double[] {rps}), seed);
    Simulator sim = new Simulator(w, BuiltInProfiles.LLAMA_70B_2X_H100, 1, 1,
        SimConfig.defaults().withSpot(0, 0, Duration.ZERO), seed,
        new FixedController("fixed:" + replicas, new Plan(replicas, 0, 64)), Duration.ofSeconds(2),
        Duration.ofMillis(100));
    RunResult r = sim.run();
    return new Result(w.size(), replicas, sim.wallSeconds(), w.size() / sim.wallSeconds(), r);
  }

  public static String markdown(Result r) {
    return String.format(Locale.ROOT, "## Simulator speed at scale%n%n%d requests on `fixed:%d` (70B on 2x H100, cap 64), "
            + "one thread: %.1f s wall clock, %.0f requests simulated per second (target: under 60 s). %d completed, "
            + "%d refused (prompt + output above the 18,310-token KV cache), TTFT p99 %.2f s, %d KV preemptions.%n%n",
        r.requests(), r.replicas(), r.wallSeconds(), r.requestsPerSecond(), r.run().completed(), r.run().refused(),
        r.run().ttftP99Seconds(), r.run().kvPreemptions());
  }

  public static void main(String[] args) {
    System.out.print(markdown(run(42)));
  }
}
