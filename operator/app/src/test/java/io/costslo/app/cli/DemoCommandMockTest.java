package io.costslo.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandMockTest {

  @Test
  void demoAppliesTheExamplesAndReportsWhatTheOperatorDid() {
    StringWriter out = new StringWriter();
    CommandLine cli = CostSloCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    int code = cli.execute("demo", "--timeout", "PT30S");
    String text = out.toString();
    assertThat(code).as(text).isZero();
    assertThat(text).contains("applied llama3-8b-cost-policy.yaml: [InferenceCostPolicy/llama3-8b]");
    assertThat(text).containsPattern("llama3-8b\\s+1 -> 2");
    assertThat(text).contains("ClampedToBounds");
    assertThat(text).containsPattern("Ready\\s+True");
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
