package io.costslo.app.cli;

import io.costslo.app.demo.ClosedLoop;
import io.costslo.app.demo.ClusterLoopController;
import io.costslo.sim.engine.RunResult;
import io.costslo.sim.report.Report;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "The closed loop, with no cluster: an in-process Kubernetes API with examples/ applied, the same"
        + " operator as `costslo run` reading simulated vLLM pods on 127.0.0.x, and the simulated fleet following the"
        + " Deployments it writes, on a shared clock faster than real time. Compared with `simulate`'s costslo"
        + " controller on the same workload and seed.")
public class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--examples", paramLabel = "DIR", description = "Directory of YAML to apply. Default: the bundled examples/.")
  Path examples;

  @Option(names = "--namespace", defaultValue = "demo", description = "Namespace to apply the examples in. Default: ${DEFAULT-VALUE}.")
  String namespace;

  @Option(names = "--hours", defaultValue = "2", description = "Simulated hours of the built-in workload. Default: ${DEFAULT-VALUE}.")
  double hours;

  @Option(names = "--mean-rps", defaultValue = "12", description = "Mean request rate of the built-in workload. Default: ${DEFAULT-VALUE}.")
  double meanRps;

  @Option(names = "--seed", defaultValue = "42", description = "Seed for arrivals, preemptions and outages. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--out", defaultValue = "demo-out", paramLabel = "DIR",
      description = "Where report.json and the PNG charts go. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "table|json",
      description = "What goes to stdout: progress and the table, or report.json's document (progress then goes to"
          + " stderr). Default: ${DEFAULT-VALUE}.")
  OutputFormat output;

  @Override
  public Integer call() throws Exception {
    Checks.positive(spec, "--hours", hours);
    Checks.positive(spec, "--mean-rps", meanRps);
    boolean json = output == OutputFormat.json;
    PrintWriter log = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
    ClosedLoop.Result result =
        ClosedLoop.run(new ClosedLoop.Options(examples, namespace, hours, meanRps, seed, Optional.of(out)), log);
    if (json) {
      spec.commandLine().getOut().println(Report.json(result.outcome()));
      spec.commandLine().getOut().flush();
      return 0;
    }
    log.println();
    log.print(Report.table(result.outcome()));
    RunResult cluster = result.outcome().result(ClusterLoopController.NAME);
    RunResult simulated = result.outcome().result("costslo");
    log.printf("%noperator (cluster path) vs simulate's costslo controller: CPT %.4f vs %.4f USD/1M (%+.1f%%),"
            + " attainment %.2f%% vs %.2f%% (TTFT %.2f%% vs %.2f%%, ITL %.2f%% vs %.2f%%)%n",
        cluster.usdPerMillionTokens(), simulated.usdPerMillionTokens(),
        100 * (cluster.usdPerMillionTokens() / simulated.usdPerMillionTokens() - 1),
        100 * cluster.attainment(), 100 * simulated.attainment(),
        100 * cluster.ttftAttainment(), 100 * simulated.ttftAttainment(),
        100 * cluster.itlAttainment(), 100 * simulated.itlAttainment());
    if (result.missedDecisions() > 0) {
      log.printf("the operator missed %d decisions (no status within %s each)%n", result.missedDecisions(),
          ClusterLoopController.DECISION_WAIT);
    }
    log.printf("wrote %s/report.json and charts%n", out);
    log.flush();
    return 0;
  }
}
