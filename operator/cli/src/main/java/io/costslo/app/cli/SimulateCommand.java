package io.costslo.app.cli;

import io.costslo.core.policy.CostPolicy;
import io.costslo.sim.Comparison;
import io.costslo.sim.Simulation;
import io.costslo.sim.report.Report;
import io.costslo.sim.workload.TraceFormat;
import io.costslo.sim.workload.Workload;
import io.costslo.sim.workload.Workloads;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Replays a workload against a simulated GPU fleet under several controllers (static-peak, hpa,"
        + " hpa-tuned, keda, costslo, bound; on request oracle-model, hpa-util, queue, fixed:N) on the same seed and"
        + " prints cost, SLO attainment and latency per controller."
        + " With no arguments: the built-in synthetic day (ServeGen-shaped, Azure token lengths), no data file needed.",
    footer = "%n" + Report.COLUMNS)
public class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--trace", paramLabel = "FILE", description = "Trace to replay. Default: the built-in synthetic day.")
  Path trace;

  @Option(names = "--format", defaultValue = "csv", paramLabel = "FORMAT",
      description = "Trace format, one of ${COMPLETION-CANDIDATES} (any case). Default: ${DEFAULT-VALUE}.")
  TraceFormat format;

  @Option(names = "--servegen", paramLabel = "FILE",
      description = "ServeGen aggregate-rate CSV: Poisson arrivals from its per-window rate, scaled to --mean-rps.")
  Path serveGen;

  @Option(names = "--workload", paramLabel = "NAME", description = "Built-in workload instead of a trace: code (bursty"
      + " prefill-heavy code completion: ~2k-token prompts, ~28 output tokens, 0-630 requests/minute in bursts)"
      + " or conversation (long-context multi-turn chat: ~11k-token prompts, ~340 output tokens, smooth load)."
      + " --rate-scale applies to it as to a trace.")
  String workload;

  @Option(names = "--hours", paramLabel = "H", description = "Hours to simulate (first H of a trace). Default: 24 for"
      + " the synthetic day, 1 for --workload, the whole trace otherwise.")
  Double hours;

  @Option(names = "--mean-rps", defaultValue = "20", description = "Mean rate of the synthetic/ServeGen workload. Default: ${DEFAULT-VALUE}.")
  double meanRps;

  @Option(names = "--time-scale", defaultValue = "1", description = "Stretch the trace's clock by this factor. Default: ${DEFAULT-VALUE}.")
  double timeScale;

  @Option(names = "--rate-scale", defaultValue = "1", description = "Multiply the trace's request rate over the same duration. Default: ${DEFAULT-VALUE}.")
  double rateScale;

  @Option(names = "--policy", paramLabel = "FILE", description = "InferenceCostPolicy YAML. Default: built-in Llama-3-8B"
      + " on H100, p99 TTFT 2s, ITL 100ms, replicas 1..64, caps 32..256 (start 64), prefill chunks"
      + " (--max-num-batched-tokens) 512..8192 in powers of two (start 8192, vLLM's default), spot <= 50%%.")
  Path policy;

  @Option(names = "--controllers", defaultValue = "static-peak,hpa,hpa-tuned,keda,costslo,bound", split = ",",
      description = "Controllers to compare; also oracle-model, hpa-util, queue, fixed:N (N replicas at the policy's"
          + " default cap). Default: ${DEFAULT-VALUE}.")
  List<String> controllers;

  @Option(names = "--scheduler", defaultValue = "chunked", paramLabel = "chunked|prefill-first",
      description = "Engine scheduling: chunked prefill mixed with decodes (vLLM V1) or prefill-only steps"
          + " (vLLM V0 without chunked prefill). Default: ${DEFAULT-VALUE}.")
  String scheduler;

  @Option(names = "--max-num-batched-tokens", defaultValue = "8192", paramLabel = "N",
      description = "Tokens one engine step may compute (vLLM --max-num-batched-tokens). Default: ${DEFAULT-VALUE}.")
  int maxNumBatchedTokens;

  @Option(names = "--seed", defaultValue = "42", description = "Seed for arrivals, preemptions and outages. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--out", defaultValue = "sim-out", paramLabel = "DIR",
      description = "Where report.json and the PNG charts go. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--threads", defaultValue = "2", description = "Controllers simulated in parallel. Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "table|json",
      description = "What goes to stdout: the table, or report.json's document. Default: ${DEFAULT-VALUE}.")
  OutputFormat output;

  /** Range checks picocli's types cannot express; each refusal is one line, exit 2. */
  private void checkRanges() {
    if (hours != null) {
      Checks.positive(spec, "--hours", hours);
    }
    Checks.positive(spec, "--mean-rps", meanRps);
    Checks.positive(spec, "--time-scale", timeScale);
    Checks.positive(spec, "--rate-scale", rateScale);
    Checks.atLeast(spec, "--threads", threads, 1);
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    checkRanges();
    for (String c : controllers) {
      if (!Comparison.known(c)) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "unknown controller '" + c + "'; known: " + Comparison.ALL + ", on request: " + Comparison.ON_REQUEST);
      }
    }
    Simulation.Options d = Simulation.Options.defaults();
    boolean named = builtInWorkload();
    double h = hours != null ? hours : (named ? 1 : trace == null && serveGen == null ? 24 : 0);
    Simulation.Options o = new Simulation.Options(Optional.ofNullable(trace), Optional.ofNullable(serveGen),
        format, h, meanRps, timeScale, rateScale, policy == null ? d.policy() : readPolicy(policy),
        controllers, seed, Optional.of(out), threads, d.config().withScheduler(schedulerMode(), maxNumBatchedTokens));
    long t0 = System.nanoTime();
    Comparison.Outcome outcome = named ? runNamed(o) : Simulation.run(o);
    if (output == OutputFormat.json) {
      w.println(Report.json(outcome));
      w.flush();
      return 0;
    }
    w.printf("workload: %s, %d requests over %.1f h; profile %s%n", outcome.setup().workload().name(),
        outcome.setup().workload().size(), outcome.setup().workload().horizonSeconds() / 3600,
        outcome.setup().policy().capacity().profile().name());
    w.print(Report.table(outcome));
    w.printf("wrote %s and charts (summary, cpt, cost, replicas, latency, frontier) in %.1f s; %.0f requests simulated"
        + " per second%n", out.resolve("report.json"), (System.nanoTime() - t0) / 1e9, outcome.requestsPerSecond());
    w.flush();
    return 0;
  }

  /** Whether --workload names a built-in workload; refuses other names and a trace beside it. */
  private boolean builtInWorkload() {
    if (workload == null) {
      return false;
    }
    if (!Workloads.NAMES.contains(workload.toLowerCase(java.util.Locale.ROOT))) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "unknown --workload '" + workload + "'; known: " + String.join(", ", Workloads.NAMES));
    }
    if (trace != null || serveGen != null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--workload replaces --trace and --servegen; give one of them");
    }
    return true;
  }

  /** Simulation.run with the named workload in place of the options' trace (time and rate scales as for a trace). */
  private Comparison.Outcome runNamed(Simulation.Options o) {
    Workload w = Workloads.named(workload, o.hours(), o.seed());
    if (o.timeScale() != 1) {
      w = Workloads.timeScaled(w, o.timeScale());
    }
    if (o.rateScale() != 1) {
      w = Workloads.rateScaled(w, o.rateScale(), o.seed());
    }
    return Simulation.run(w, o);
  }

  private io.costslo.sim.engine.SchedulerMode schedulerMode() {
    try {
      if (maxNumBatchedTokens < 1) {
        throw new IllegalArgumentException("--max-num-batched-tokens must be >= 1, got " + maxNumBatchedTokens);
      }
      return io.costslo.sim.engine.SchedulerMode.parse(scheduler);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Maps an InferenceCostPolicy YAML through the CLI's one policy loader. */
  static CostPolicy readPolicy(Path file) {
    return PolicyLoader.load(file, Optional.empty()).core();
  }
}
