package io.costslo.sim.bench;

import io.costslo.core.load.Load;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.plan.Plan;
import io.costslo.core.units.RequestsPerSecond;
import io.costslo.sim.control.FixedController;
import io.costslo.sim.engine.RunResult;
import io.costslo.sim.engine.SimConfig;
import io.costslo.sim.engine.Simulator;
import io.costslo.sim.workload.Workload;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Random;

/**
 * A replica's throughput at saturation, the core model's ({@link LatencyModel#maxRequestRatePerReplica})
 * against the simulator's: a fixed fleet given a backlog of requests at once, whose lengths are drawn
 * from a workload. Where prompts are long next to the KV cache the engine admits more than the cache
 * holds once the sequences grow, and preempts (recompute, as vLLM does): work the model does not count.
 * This is the error the closed loop's capacity factor has to learn at saturation.
 */
public final class CapacityCrossCheck {
  private CapacityCrossCheck() {}

  /** One shape at one batch cap. Error = model / simulated - 1 (positive: the model overstates capacity). */
  public record Row(String shape, String profile, int batchCap, int kvConcurrency, double modelRps,
      double simulatedRps, double preemptionsPerRequest) {
    public double error() {
      return modelRps / simulatedRps - 1;
    }
  }

  /** Prompt tokens per step (vLLM V1's default), for the model and the simulator alike. */
  static final int CHUNK = LatencyModelCrossCheck.CHUNK;

  /**
   * @param lengthsFrom the workload whose (prompt, output) pairs are drawn, with replacement
   * @param requests how many requests arrive, 1 ms apart (a backlog from the first second)
   */
  public static Row run(String shape, ReplicaProfile profile, Workload lengthsFrom, int replicas, int batchCap,
      int requests, long seed) {
    Random rnd = new Random(seed);
    double[] at = new double[requests];
    int[] in = new int[requests];
    int[] out = new int[requests];
    for (int k = 0; k < requests; k++) {
      int i = rnd.nextInt(lengthsFrom.size());
      at[k] = k * 1e-3;
      in[k] = lengthsFrom.inputTokens()[i];
      out[k] = Math.max(1, lengthsFrom.outputTokens()[i]);
    }
    Workload backlog = new Workload(shape + " backlog", at, in, out, Duration.ofSeconds(Math.max(1, requests / 1000)));
    Load load = new Load(RequestsPerSecond.of(1), LatencyModelCrossCheck.lengths(in), LatencyModelCrossCheck.lengths(out));
    OptionalInt chunk = OptionalInt.of(CHUNK);
    double model = LatencyModel.maxRequestRatePerReplica(profile, load, batchCap, chunk).value();
    SimConfig noSpot = new SimConfig(Duration.ofMinutes(3), 0, 0, Duration.ofMinutes(30), CHUNK, Duration.ofMinutes(10),
        0.25, Duration.ofMinutes(1));
    RunResult r = new Simulator(backlog, profile, 1, 1, noSpot, seed,
        new FixedController("fixed", new Plan(replicas, 0, batchCap, chunk)), Duration.ofSeconds(10),
        Duration.ofSeconds(1)).run();
    // Completions over the time the fleet took to serve them all (the drain at the end included).
    double simulated = r.completed() / (r.runHours() * 3600) / replicas;
    return new Row(shape, profile.name(), batchCap, LatencyModel.kvFit(profile, load),
        model, simulated, (double) r.kvPreemptions() / requests);
  }

  public static String markdown(int replicas, int requests, List<Row> rows) {
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "%d replicas given %d requests at once (lengths drawn from each workload), %d "
        + "prompt tokens per step; simulated = completed requests / time to serve them all / replicas. kv fit = "
        + "sequences of the mean length that fit one replica's KV cache, the concurrency the model assumes; "
        + "preemptions = KV preemptions (recomputed) per request.%n%n", replicas, requests, CHUNK));
    md.append("| workload lengths | profile | batch cap | kv fit | model (req/s per replica) | simulated | error | preemptions |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.3f | %.3f | %+.0f %% | %.2f |%n", r.shape(),
          r.profile(), r.batchCap(), r.kvConcurrency(), r.modelRps(), r.simulatedRps(), 100 * r.error(),
          r.preemptionsPerRequest()));
    }
    return md.toString();
  }
}
