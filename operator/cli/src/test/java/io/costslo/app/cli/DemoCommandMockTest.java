package io.costslo.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandMockTest {

  @Test
  void demoRunsTheClosedLoopAndReportsBothPaths(@TempDir Path out) throws Exception {
    StringWriter text = new StringWriter();
    CommandLine cli = CostSloCommand.commandLine();
    cli.setOut(new PrintWriter(text));
    int code = cli.execute("demo", "--hours", "0.5", "--out", out.toString());
    String s = text.toString();
    assertThat(code).as(s).isZero();
    assertThat(s).contains("applied llama3-8b-cost-policy.yaml: [InferenceCostPolicy/llama3-8b]");
    assertThat(s).containsPattern("\\[00:10 sim\\]\\s+[0-9.]+ rps \\| \\d+ on-demand \\+ \\d+ spot @ batch \\d+ \\| CPT");
    assertThat(s).containsPattern("(?m)^operator\\s+[0-9.]+").containsPattern("(?m)^costslo\\s+[0-9.]+");
    assertThat(s).contains("operator (cluster path) vs simulate's costslo controller");
    assertThat(s).doesNotContain("missed");
    assertThat(Files.size(out.resolve("report.json"))).isPositive();
  }

  @Test
  void unknownSubcommandFailsWithUsage() {
    StringWriter err = new StringWriter();
    CommandLine cli = CostSloCommand.commandLine();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("frobnicate")).isNotZero();
    assertThat(err.toString()).contains("Unmatched argument");
  }
}
