package io.costslo.app.cli;

import io.costslo.app.quota.ChargebackReport;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Chargeback: spend, output tokens and cost per token by team and model over a period,"
        + " from Prometheus or from the operator's own /metrics.")
public class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static class Source {
    @Option(names = "--prometheus", paramLabel = "URL", description = "Prometheus scraping the operator (HTTP API).")
    URI prometheus;

    @Option(names = "--operator-metrics", paramLabel = "URL",
        description = "The operator's /metrics, e.g. http://127.0.0.1:8080/metrics: figures since it started.")
    URI operator;
  }

  @Option(names = "--period", defaultValue = "720h",
      description = "With --prometheus: the period ending at --end (the CRD's duration form, e.g. 720h for 30 days, 24h). Default: ${DEFAULT-VALUE}.")
  Duration period;

  @Option(names = "--end", description = "With --prometheus: end of the period (RFC 3339). Default: now.")
  Instant end;

  @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table, csv or json. Default: ${DEFAULT-VALUE}.")
  ChargebackReport.Format format;

  @Override
  public Integer call() throws Exception {
    if (period.isNegative() || period.toSeconds() < 1) {
      spec.commandLine().getErr().println("--period must be at least 1 s, got " + period);
      return 2;
    }
    try {
      ChargebackReport.Report report = source.prometheus != null
          ? ChargebackReport.fromPrometheus(source.prometheus, period, end == null ? Instant.now() : end)
          : ChargebackReport.fromOperator(source.operator);
      spec.commandLine().getOut().print(ChargebackReport.format(report, format));
      spec.commandLine().getOut().flush();
      return 0;
    } catch (java.io.IOException e) {
      spec.commandLine().getErr().println("report failed: " + e.getMessage());
      return 1;
    }
  }
}
