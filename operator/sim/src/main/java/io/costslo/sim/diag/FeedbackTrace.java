package io.costslo.sim.diag;

import io.costslo.core.cost.BuiltInPrices;
import io.costslo.core.cost.CostModel;
import io.costslo.core.cycle.CycleReport;
import io.costslo.core.cycle.ScalingCycle;
import io.costslo.core.feedback.Adjustment;
import io.costslo.core.metrics.Observation;
import io.costslo.core.policy.CostPolicy;
import io.costslo.sim.Comparison;
import io.costslo.sim.control.CostSloController;
import io.costslo.sim.engine.RunResult;
import io.costslo.sim.engine.SimConfig;
import io.costslo.sim.engine.Simulator;
import io.costslo.sim.policy.SimPolicies;
import io.costslo.sim.workload.TraceFormat;
import io.costslo.sim.workload.TraceReader;
import io.costslo.sim.workload.Workload;
import io.costslo.sim.workload.Workloads;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Diagnostic: runs the {@code costslo} controller alone on one workload and prints, per cycle, what
 * the closed loop saw and did (observed vs predicted, correction factors, burn, headroom, demand,
 * replicas), so a cost ratchet or a missed step can be read off the cycles rather than guessed.
 *
 * <p>Usage: {@code java -cp costslo.jar io.costslo.sim.diag.FeedbackTrace WORKLOAD [EVERY]} with
 * WORKLOAD one of {@code builtin[:hours]}, {@code azure[:rateScale]}, {@code servegen[:hours]},
 * {@code code[:rateScale]}, {@code conversation[:rateScale]}, {@code mooncake[:rateScale]}, {@code trace[:rateScale]} (the file in
 * {@code -Dcostslo.trace.file}, format {@code -Dcostslo.trace.format}, default azure) (data
 * from the system property {@code costslo.shared.data}, default {@code ../shared/data}); EVERY prints
 * one cycle in that many (default 1). {@code -Dcostslo.trace.70b=true} runs the same policy on the
 * Llama-70B 2x H100 profile, {@code -Dcostslo.trace.messages=true} prints each decision's message,
 * {@code -Dcostslo.trace.frontier=true} its frontier (how far latency falls with cost where no plan meets).
 */
public final class FeedbackTrace {
  private FeedbackTrace() {}

  public static void main(String[] args) throws IOException {
    String spec = args.length > 0 ? args[0] : "builtin:2";
    int every = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    run(workload(spec, Path.of(System.getProperty("costslo.shared.data", "../shared/data"))), every, System.out);
  }

  /** The seed of the workload and the simulation: {@code -Dcostslo.trace.seed}, else the benchmark's 42. */
  private static long seed() {
    return Long.getLong("costslo.trace.seed", 42);
  }

  static Workload workload(String spec, Path data) throws IOException {
    String[] p = spec.split(":");
    double arg = p.length > 1 ? Double.parseDouble(p[1]) : Double.NaN;
    long seed = seed();
    return switch (p[0]) {
      case "builtin" -> Workloads.synthetic(Workloads.DEFAULT_MEAN_RPS, Double.isNaN(arg) ? 24 : arg, seed);
      case "azure" -> {
        Workload w = TraceReader.read(data.resolve("traces/AzureLLMInferenceTrace_conv_2023.csv"), TraceFormat.AZURE);
        yield Double.isNaN(arg) || arg == 1 ? w : Workloads.rateScaled(w, arg, seed);
      }
      case "servegen" -> Workloads.serveGen(data.resolve("traces/servegen/servegen_m-large_aggregate_rate.csv"),
          Workloads.DEFAULT_MEAN_RPS, Double.isNaN(arg) ? 48 : arg, seed);
      case "mooncake" -> {
        Workload w = TraceReader.read(data.resolve("traces/mooncake/synthetic_trace.jsonl"), TraceFormat.MOONCAKE);
        yield Double.isNaN(arg) || arg == 1 ? w : Workloads.rateScaled(w, arg, seed);
      }
      case "code", "conversation" -> {
        Workload w = Workloads.named(p[0], 1, seed);
        yield Double.isNaN(arg) || arg == 1 ? w : Workloads.rateScaled(w, arg, seed);
      }
      case "trace" -> {
        String file = System.getProperty("costslo.trace.file");
        if (file == null) {
          throw new IllegalArgumentException("workload trace needs -Dcostslo.trace.file=PATH");
        }
        Workload w = TraceReader.read(Path.of(file),
            TraceFormat.parse(System.getProperty("costslo.trace.format", "azure")));
        yield Double.isNaN(arg) || arg == 1 ? w : Workloads.rateScaled(w, arg, seed);
      }
      default -> throw new IllegalArgumentException(
          "workload must be builtin[:h], azure[:scale], servegen[:h], code[:scale], conversation[:scale], mooncake[:scale] or trace[:scale]");
    };
  }

  /** Runs costslo on {@code w} with the benchmark's policy and physics; prints cycles and the result. */
  public static RunResult run(Workload w, int every, PrintStream out) {
    CostPolicy policy = Boolean.getBoolean("costslo.trace.70b") ? SimPolicies.llama70bTwoH100()
        : SimPolicies.llama8bH100();
    Comparison.Setup setup = new Comparison.Setup(w, policy, new BuiltInPrices(), SimConfig.defaults(), seed(),
        List.of("costslo"), 1);
    CostModel costs = ScalingCycle.costModel(policy,
        ScalingCycle.resolvePrice(policy, setup.prices()).orElseThrow());
    CostSloController c = (CostSloController) Comparison.controller("costslo", setup, costs);
    Simulator sim = Comparison.simulator(setup, costs, c);
    RunResult r = sim.run();
    out.println("   t(min) run->after   rps  dem  wait  ready  ttft(obs/pred)  itl(obs/pred)  fT    fI   cap  "
        + "burn5m burn1h head  att    tail  pctl    reason");
    List<CycleReport> reports = c.reports();
    for (int i = 0; i < reports.size(); i += every) {
      out.println(line(reports.get(i), reports.get(0).at().getEpochSecond(), policy));
    }
    out.printf(Locale.ROOT, "CPT %.4f USD/1M, total %.2f USD, GPU-h %.1f, TTFT<= %.2f%%, ITL<= %.2f%%, win %.1f%%, "
            + "scale %d, roll %d%n", r.usdPerMillionTokens(), r.totalUsd(), r.gpuHours(), 100 * r.ttftAttainment(),
        100 * r.itlAttainment(), 100 * r.windowAttainment(), r.scaleEvents(), r.rollouts());
    return r;
  }

  private static String line(CycleReport c, long t0, CostPolicy policy) {
    double min = (c.at().getEpochSecond() - t0) / 60.0;
    String plans = c.running().onDemandReplicas() + "+" + c.running().spotReplicas() + "@" + c.running().batchCap()
        + chunk(c.running()) + "->" + c.after().onDemandReplicas() + "+" + c.after().spotReplicas() + "@"
        + c.after().batchCap() + chunk(c.after());
    if (c.observation().isEmpty() || c.feedback().isEmpty()) {
      return String.format(Locale.ROOT, "%8.1f %-18s no metrics: %s", min, plans, c.decision().reason());
    }
    Observation o = c.observation().get();
    Adjustment a = c.feedback().get();
    return String.format(Locale.ROOT,
        "%8.1f %-18s %5.1f %5.1f %5.1f %3d  %6s/%-6s  %6s/%-6s  %4.2f %4.2f %4.2f  %6.2f %6.2f %4.2f  %6.4f %5.2f %6.4f  %s%s",
        min, plans, o.load().rate().value(), a.demand().total().value(), o.waitingRequests(), o.readyPods(),
        ms(o.ttft()), ms(a.disagreement().predictedTtft()), ms(o.itl()), ms(a.disagreement().predictedItl()),
        a.ttftFactor(), a.itlFactor(), a.state().correction().capacityFactor(), a.burn().shortWindow(),
        a.burn().longWindow(), a.burn().headroom(), o.attainment().orElse(Double.NaN), a.tailFactor(),
        a.policy().objective().percentile(), c.decision().reason(), a.stepUp() ? " STEP" : "")
        + (Boolean.getBoolean("costslo.trace.messages") ? "\n      " + c.decision().message() : "")
        + (Boolean.getBoolean("costslo.trace.frontier") ? "\n      " + frontier(c) : "")
        + (Boolean.getBoolean("costslo.trace.summary") ? "\n      " + a.summary() + String.format(Locale.ROOT,
            "; irreducible factor %.2f from %d windows; utilisation %.2f", a.state().correction().irreducibleFactor(),
            a.state().correction().irreducibleSamples(), io.costslo.core.model.LatencyModel.predict(
                policy.capacity().profile(), o.load(), c.running().totalReplicas(),
                c.running().batchCap(), c.running().prefillChunk(), 0.99).utilisation()) : "");
  }

  /** The decision's frontier, cheapest first: on-demand+spot@cap, expected USD/h, SLO ratio. */
  private static String frontier(CycleReport c) {
    StringBuilder b = new StringBuilder();
    for (var p : c.decision().frontier()) {
      b.append(String.format(Locale.ROOT, "%d+%d@%d %.0f$/h %.2f | ", p.plan().onDemandReplicas(),
          p.plan().spotReplicas(), p.plan().batchCap(), p.expectedCost().value(), p.sloRatio()));
    }
    return b.toString();
  }

  private static String chunk(io.costslo.core.plan.Plan p) {
    return p.prefillChunk().isPresent() ? "/" + p.prefillChunk().getAsInt() : "";
  }

  private static String ms(Optional<Duration> d) {
    return d.map(x -> String.format(Locale.ROOT, "%.0f", x.toNanos() / 1e6)).orElse("-");
  }
}
