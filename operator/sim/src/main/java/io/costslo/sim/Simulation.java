package io.costslo.sim;

import io.costslo.core.cost.BuiltInPrices;
import io.costslo.core.policy.CostPolicy;
import io.costslo.sim.engine.SimConfig;
import io.costslo.sim.policy.SimPolicies;
import io.costslo.sim.report.Charts;
import io.costslo.sim.report.Report;
import io.costslo.sim.workload.TraceFormat;
import io.costslo.sim.workload.TraceReader;
import io.costslo.sim.workload.Workload;
import io.costslo.sim.workload.Workloads;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What {@code costslo simulate} does, without the command-line parsing. */
public final class Simulation {
  private Simulation() {}

  /**
   * @param trace a trace file, or empty for the built-in synthetic day
   * @param serveGen a ServeGen aggregate-rate file to draw Poisson arrivals from (scaled to meanRps)
   * @param format the trace's format
   * @param hours only the first hours of the workload (the synthetic one is generated this long)
   * @param meanRps mean rate of the synthetic workload
   * @param timeScale stretch the trace's clock by this factor (1 = unchanged)
   * @param rateScale multiply the trace's request rate by this factor over the same duration
   * @param policy the policy costslo and the baselines use
   * @param controllers which controllers to compare
   * @param seed seed for arrivals, preemptions and outages
   * @param out where report.json and the charts go; empty writes nothing
   */
  public record Options(Optional<Path> trace, Optional<Path> serveGen, TraceFormat format, double hours, double meanRps, double timeScale,
      double rateScale, CostPolicy policy, List<String> controllers, long seed, Optional<Path> out, int threads,
      SimConfig config) {

    public static Options defaults() {
      return new Options(Optional.empty(), Optional.empty(), TraceFormat.CSV, 24, Workloads.DEFAULT_MEAN_RPS, 1, 1,
          SimPolicies.llama8bH100(), Comparison.ALL, 42, Optional.empty(), 2, SimConfig.defaults());
    }
  }

  public static Workload workload(Options o) {
    if (o.serveGen().isPresent()) {
      return Workloads.serveGen(o.serveGen().get(), o.meanRps(), o.hours(), o.seed());
    }
    if (o.trace().isEmpty()) {
      return Workloads.synthetic(o.meanRps(), o.hours(), o.seed());
    }
    Workload w = TraceReader.read(o.trace().get(), o.format());
    if (o.timeScale() != 1) {
      w = Workloads.timeScaled(w, o.timeScale());
    }
    if (o.rateScale() != 1) {
      w = Workloads.rateScaled(w, o.rateScale(), o.seed());
    }
    return o.hours() > 0 ? w.firstHours(o.hours()) : w;
  }

  public static Comparison.Outcome run(Options o) {
    return run(workload(o), o);
  }

  /** Compares the controllers on a workload built by the caller (e.g. a generated one), writing report and charts. */
  public static Comparison.Outcome run(Workload w, Options o) {
    Comparison.Outcome outcome = Comparison.run(new Comparison.Setup(w, o.policy(), new BuiltInPrices(), o.config(),
        o.seed(), o.controllers(), o.threads()));
    o.out().ifPresent(dir -> {
      Report.writeJson(outcome, dir);
      Charts.write(outcome, dir);
    });
    return outcome;
  }
}
