package io.costslo.sim.bench;

import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.plan.Plan;
import io.costslo.core.units.RequestsPerSecond;
import io.costslo.sim.control.FixedController;
import io.costslo.sim.engine.RunResult;
import io.costslo.sim.engine.SimConfig;
import io.costslo.sim.engine.Simulator;
import io.costslo.sim.workload.TokenLengthSampler;
import io.costslo.sim.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The latency model's burstiness term against the simulator: a fixed fleet under arrivals that come
 * in clusters of k requests (cluster starts Poisson; so the index of dispersion of counts is k), at
 * several utilisations. p99 TTFT predicted with the dispersion (the model's Allen-Cunneen term),
 * predicted as if Poisson, and simulated.
 */
public final class BurstinessCrossCheck {
  private BurstinessCrossCheck() {}

  /** One (cluster size, utilisation) point; errors are predicted / simulated - 1. */
  public record Row(int cluster, double utilisation, double rps, double bursty, double poisson, double simulated) {
    public double burstyError() {
      return bursty / simulated - 1;
    }

    public double poissonError() {
      return poisson / simulated - 1;
    }
  }

  public static List<Row> run(ReplicaProfile profile, int replicas, int batchCap, int[] clusters,
      double[] utilisations, double hours, long seed) {
    List<Row> rows = new ArrayList<>();
    for (int k : clusters) {
      for (double u : utilisations) {
        Workload probe = clustered(1, 1, 600, seed);
        Load unit = new Load(RequestsPerSecond.of(1), lengths(probe.inputTokens()), lengths(probe.outputTokens()));
        double rate = u * replicas * LatencyModel.maxRequestRatePerReplica(profile, unit, batchCap).value();
        Workload w = clustered(rate, k, hours * 3600, seed);
        Load load = new Load(RequestsPerSecond.of(rate), lengths(w.inputTokens()), lengths(w.outputTokens()));
        double bursty = ttftSeconds(profile, load.withBurstiness(k), replicas, batchCap);
        double poisson = ttftSeconds(profile, load, replicas, batchCap);
        SimConfig noSpot = new SimConfig(Duration.ofMinutes(3), 0, 0, Duration.ofMinutes(30), 8192,
            Duration.ofMinutes(10), 0.25, Duration.ofMinutes(1));
        RunResult r = new Simulator(w, profile, 1, 1, noSpot, seed,
            new FixedController("fixed", new Plan(replicas, 0, batchCap)), Duration.ofSeconds(10),
            Duration.ofSeconds(1)).run();
        rows.add(new Row(k, u, rate, bursty, poisson, r.ttftP99Seconds()));
      }
    }
    return rows;
  }

  /** Clusters of {@code k} requests 1 ms apart, cluster starts Poisson at rate / k, Azure conversation lengths. */
  static Workload clustered(double rate, int k, double seconds, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    TokenLengthSampler sampler = TokenLengthSampler.azureConversation();
    int capacity = (int) (rate * seconds * 1.2) + 16 * k;
    double[] t = new double[capacity];
    int[] in = new int[capacity];
    int[] out = new int[capacity];
    int n = 0;
    double time = -Math.log(1 - rnd.nextDouble()) * k / rate;
    while (time < seconds && n + k <= capacity) {
      for (int i = 0; i < k; i++) {
        t[n] = time + i * 1e-3;
        in[n] = sampler.input(rnd);
        out[n] = sampler.output(rnd);
        n++;
      }
      // The next cluster starts no earlier than this one ends, so arrivals stay sorted.
      time = Math.max(time - Math.log(1 - rnd.nextDouble()) * k / rate, t[n - 1] + 1e-3);
    }
    return new Workload("clusters of " + k, Arrays.copyOf(t, n), Arrays.copyOf(in, n), Arrays.copyOf(out, n),
        Duration.ofMillis(Math.round(seconds * 1000)));
  }

  private static double ttftSeconds(ReplicaProfile profile, Load load, int replicas, int batchCap) {
    return LatencyModel.predict(profile, load, replicas, batchCap, 0.99).ttft()
        .map(d -> d.toNanos() / 1e9).orElse(Double.POSITIVE_INFINITY);
  }

  private static TokenLengths lengths(int[] tokens) {
    int[] sorted = tokens.clone();
    Arrays.sort(sorted);
    double mean = Arrays.stream(sorted).average().orElse(0);
    double p99 = sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(0.99 * sorted.length) - 1)];
    return new TokenLengths(mean, p99);
  }

  public static String markdown(ReplicaProfile profile, int replicas, int batchCap, List<Row> rows) {
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%d replicas of `%s` at batch cap %d; arrivals in "
        + "clusters of k (index of dispersion k), Azure conversation lengths.%n%n", replicas, profile.name(), batchCap));
    md.append("| k | utilisation | rps | p99 TTFT simulated (s) | with dispersion (s) | error | as Poisson (s) | error |\n");
    md.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %d | %.0f %% | %.1f | %.3f | %.3f | %+.0f %% | %.3f | %+.0f %% |%n",
          r.cluster(), 100 * r.utilisation(), r.rps(), r.simulated(), r.bursty(), 100 * r.burstyError(), r.poisson(),
          100 * r.poissonError()));
    }
    return md.toString();
  }

  public static void main(String[] args) {
    ReplicaProfile profile = BuiltInProfiles.LLAMA_8B_H100;
    List<Row> rows = run(profile, 4, 64, new int[] {1, 4, 16}, new double[] {0.3, 0.6, 0.85}, 0.5, 42);
    System.out.print(markdown(profile, 4, 64, rows));
  }
}
