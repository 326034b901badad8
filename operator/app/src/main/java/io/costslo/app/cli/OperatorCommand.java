package io.costslo.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The operator image's entry point: only {@code run}. The CLI jar (operator/cli, {@code CostSloCommand}) adds
 * simulate, demo, plan, observe, bench and report on the same error path and converters.
 */
@Command(
    name = "costslo",
    mixinStandardHelpOptions = true,
    version = "costslo 0.1.0-SNAPSHOT",
    description = "The CostSLO operator: enforces cost SLOs (cost per token, TTFT, ITL) on LLM inference deployments.",
    subcommands = RunCommand.class)
public class OperatorCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A command line for {@code root} with the CLI's one error path and the CRD's duration form. */
  public static CommandLine commandLine(Object root) {
    CliErrors errors = new CliErrors();
    CommandLine cli = new CommandLine(root)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(errors)
        .setExecutionExceptionHandler(errors);
    cli.registerConverter(java.time.Duration.class, new DurationConverter());
    return cli;
  }

  public static void main(String[] args) {
    io.costslo.app.operator.CostSloOperator.sizeCommonPool();
    System.exit(commandLine(new OperatorCommand()).execute(args));
  }
}
