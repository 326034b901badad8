package io.costslo.sim.bench;

import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.LatencyPrediction;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.plan.Plan;
import io.costslo.core.units.RequestsPerSecond;
import io.costslo.sim.control.FixedController;
import io.costslo.sim.engine.RunResult;
import io.costslo.sim.engine.SimConfig;
import io.costslo.sim.engine.Simulator;
import io.costslo.sim.workload.CodeWorkload;
import io.costslo.sim.workload.RateCurve;
import io.costslo.sim.workload.Workload;
import io.costslo.sim.workload.Workloads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The core's queueing latency model against the simulator: a fixed fleet (no scaling, no spot)
 * under constant Poisson load at several utilisations, p99 TTFT and p99 ITL as predicted by
 * {@link LatencyModel#predict} and as the simulated requests experienced them.
 */
public final class LatencyModelCrossCheck {
  private LatencyModelCrossCheck() {}

  /** One utilisation level. Errors are (predicted - simulated) / simulated. */
  public record Row(double utilisation, double rps, double predictedTtft, double simulatedTtft, double predictedItl,
      double simulatedItl) {
    public double ttftError() {
      return predictedTtft / simulatedTtft - 1;
    }

    public double itlError() {
      return predictedItl / simulatedItl - 1;
    }
  }

  /** The token lengths the constant load draws. */
  public enum Shape {
    AZURE_CONVERSATION("Azure conversation token lengths"),
    CODE("the code workload's token lengths (log-normal prompts of mean 2,000 tokens, sigma 0.8, cut at 16k; "
        + "28 output tokens), the prefill-heavy shape");

    private final String description;

    Shape(String description) {
      this.description = description;
    }

    Workload constant(double rps, double hours, long seed) {
      return switch (this) {
        case AZURE_CONVERSATION -> Workloads.fromRateCurve(String.format(Locale.ROOT, "constant %.1f rps", rps),
            new RateCurve(hours * 3600, new double[] {rps}), seed);
        case CODE -> CodeWorkload.constant(rps, hours, seed);
      };
    }
  }

  /** Prompt tokens per step, the simulator's default (vLLM V1's), which the model is told too. */
  static final int CHUNK = 8192;

  public static List<Row> run(ReplicaProfile profile, int replicas, int batchCap, Shape shape, double[] utilisations,
      double hours, long seed) {
    List<Row> rows = new ArrayList<>();
    OptionalInt chunk = OptionalInt.of(CHUNK);
    // Lengths as the workload draws them; the rate from the model's own capacity at those lengths.
    Workload probe = shape.constant(10, 1, seed);
    Load unit = new Load(RequestsPerSecond.of(1), lengths(probe.inputTokens()), lengths(probe.outputTokens()));
    double capacity = LatencyModel.maxRequestRatePerReplica(profile, unit, batchCap, chunk).value();
    for (double u : utilisations) {
      double rate = u * replicas * capacity;
      Workload w = shape.constant(rate, hours, seed);
      Load load = new Load(RequestsPerSecond.of(rate), lengths(w.inputTokens()), lengths(w.outputTokens()));
      LatencyPrediction p = LatencyModel.predict(profile, load, replicas, batchCap, chunk, 0.99);
      Plan plan = new Plan(replicas, 0, batchCap, chunk);
      SimConfig noSpot = new SimConfig(Duration.ofMinutes(3), 0, 0, Duration.ofMinutes(30), CHUNK, Duration.ofMinutes(10),
          0.25, Duration.ofMinutes(1));
      RunResult r = new Simulator(w, profile, 1, 1, noSpot, seed, new FixedController("fixed", plan), Duration.ofSeconds(10),
          Duration.ofSeconds(1)).run();
      rows.add(new Row(u, rate, p.ttft().map(LatencyModelCrossCheck::seconds).orElse(Double.POSITIVE_INFINITY),
          r.ttftP99Seconds(), p.itl().map(LatencyModelCrossCheck::seconds).orElse(Double.POSITIVE_INFINITY),
          r.itlP99Seconds()));
    }
    return rows;
  }

  public static String markdown(ReplicaProfile profile, int replicas, int batchCap, Shape shape, List<Row> rows) {
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "%d replicas of `%s` at batch cap %d and %d prompt tokens per step, constant "
        + "Poisson load, %s; utilisation is the offered rate over the model's own capacity. ITL is the p99 over token "
        + "gaps (one definition: vLLM's inter_token_latency_seconds).%n%n", replicas, profile.name(), batchCap, CHUNK,
        shape.description));
    md.append("| utilisation | rps | p99 TTFT predicted (s) | simulated (s) | error | p99 ITL predicted (ms) | simulated (ms) | error |\n");
    md.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %.0f %% | %.1f | %.3f | %.3f | %+.0f %% | %.1f | %.1f | %+.0f %% |%n",
          100 * r.utilisation(), r.rps(), r.predictedTtft(), r.simulatedTtft(), 100 * r.ttftError(),
          1000 * r.predictedItl(), 1000 * r.simulatedItl(), 100 * r.itlError()));
    }
    return md.toString();
  }

  static TokenLengths lengths(int[] tokens) {
    int[] sorted = tokens.clone();
    Arrays.sort(sorted);
    double mean = Arrays.stream(sorted).average().orElse(0);
    double p99 = sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(0.99 * sorted.length) - 1)];
    return new TokenLengths(mean, p99);
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  public static void main(String[] args) {
    var profile = io.costslo.core.model.BuiltInProfiles.LLAMA_8B_H100;
    List<Row> rows = run(profile, 4, 64, Shape.AZURE_CONVERSATION, new double[] {0.3, 0.5, 0.7, 0.85, 0.95}, 1, 42);
    System.out.print(markdown(profile, 4, 64, Shape.AZURE_CONVERSATION, rows));
  }
}
