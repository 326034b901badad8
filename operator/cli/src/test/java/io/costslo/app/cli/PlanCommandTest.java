package io.costslo.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PlanCommandTest {
  static final Path POLICY = Path.of(System.getProperty("costslo.repo.root", "../.."))
      .resolve("examples/llama3-8b-cost-policy.yaml");

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = CostSloCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void jsonFrontierIsNonDominatedAndTheChoiceIsTheCheapestMeetingBoth() throws Exception {
    Run r = run("plan", "-f", POLICY.toString(), "--load", "rps=40,input=1000,output=250", "-o", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    JsonNode frontier = doc.get("frontier");
    assertThat(frontier.size()).isPositive();
    for (JsonNode a : frontier) {
      for (JsonNode b : frontier) {
        boolean dominates = b.get("usdPerHour").asDouble() <= a.get("usdPerHour").asDouble()
            && b.get("ttftSeconds").asDouble() <= a.get("ttftSeconds").asDouble()
            && b.get("itlSeconds").asDouble() <= a.get("itlSeconds").asDouble()
            && (b.get("usdPerHour").asDouble() < a.get("usdPerHour").asDouble()
                || b.get("ttftSeconds").asDouble() < a.get("ttftSeconds").asDouble()
                || b.get("itlSeconds").asDouble() < a.get("itlSeconds").asDouble());
        assertThat(dominates).as("%s dominates %s", b, a).isFalse();
      }
    }
    JsonNode chosen = doc.get("chosen");
    if ("CheapestFeasible".equals(doc.get("reason").asText())) {
      for (JsonNode p : frontier) {
        if (p.get("meetsSlo").asBoolean() && p.get("withinBudget").asBoolean()) {
          assertThat(chosen.get("usdPerHour").asDouble()).isLessThanOrEqualTo(p.get("usdPerHour").asDouble());
        }
      }
    }
    assertThat(chosen.get("onDemandReplicas").asInt() + chosen.get("spotReplicas").asInt()).isBetween(2, 8);
  }

  @Test
  void tableMarksTheChosenPlanAndGivesTheReason() {
    Run r = run("plan", "-f", POLICY.toString(), "--load", "rps=12,input=1000,output=200");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("ON-DEMAND").contains("p99 TTFT").containsPattern("(?m)^\\*\\s+\\d+");
    assertThat(r.out()).containsPattern("Reason: [A-Z][A-Za-z]+: ");
  }

  @Test
  void badLoadNamesTheKey() {
    Run r = run("plan", "-f", POLICY.toString(), "--load", "rps=12,inputs=1000,output=200");
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("input=");
  }

  @Test
  void invalidPolicyNamesTheFieldAndChangesNothing(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, Files.readString(POLICY).replace("min: 2", "min: 20"));
    Run r = run("plan", "-f", bad.toString(), "--load", "rps=12,input=1000,output=200");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("spec.replicas.min");
  }

  @Test
  void aMisspelledFieldIsAnError(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("typo.yaml");
    Files.writeString(bad, Files.readString(POLICY).replace("maxUsdPerHour", "maxUsdPerHr"));
    Run r = run("plan", "-f", bad.toString(), "--load", "rps=12,input=1000,output=200");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown field spec.budget.maxUsdPerHr");
  }
}
