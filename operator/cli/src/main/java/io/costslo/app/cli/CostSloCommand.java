package io.costslo.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "costslo",
    mixinStandardHelpOptions = true,
    version = "costslo 0.1.0-SNAPSHOT",
    description = "Enforces cost SLOs (cost per token, TTFT, ITL) on LLM inference deployments.",
    subcommands = {RunCommand.class, DemoCommand.class, PlanCommand.class, ObserveCommand.class, SimulateCommand.class,
        BenchCommand.class, LoadBenchCommand.class, ReportCommand.class})
public class CostSloCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static CommandLine commandLine() {
    return OperatorCommand.commandLine(new CostSloCommand());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
