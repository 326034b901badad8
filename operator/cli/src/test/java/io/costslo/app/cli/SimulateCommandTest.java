package io.costslo.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI wrapper of the simulator: table, report.json, charts, the example policy, and bad input. */
class SimulateCommandTest {

  @Test
  void writesTheReportAndChartsForTheExamplePolicy(@TempDir Path out) throws Exception {
    PlanCommandTest.Run r = PlanCommandTest.run("simulate", "--hours", "1", "--controllers", "hpa,costslo",
        "--policy", PlanCommandTest.POLICY.toString(), "--out", out.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("USD/1Mtok").containsPattern("(?m)^hpa\\s").containsPattern("(?m)^costslo\\s");
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertThat(report.get("controllers")).hasSize(2);
    for (JsonNode c : report.get("controllers")) {
      assertThat(c.get("usdPerMillionOutputTokens").asDouble()).isPositive();
      assertThat(c.get("ttftAttainment").asDouble()).isBetween(0.0, 1.0);
      assertThat(c.get("completed").asLong() + c.get("dropped").asLong()).isEqualTo(c.get("requests").asLong());
    }
    for (String chart : new String[] {"summary.png", "cpt.png", "replicas.png", "cost.png", "latency.png", "frontier.png"}) {
      assertThat(Files.size(out.resolve(chart))).as(chart).isPositive();
    }
    var replicas = javax.imageio.ImageIO.read(out.resolve("replicas.png").toFile());
    var summary = javax.imageio.ImageIO.read(out.resolve("summary.png").toFile());
    assertThat(replicas.getHeight()).as("one panel per controller").isEqualTo(2 * 230);
    assertThat(javax.imageio.ImageIO.read(out.resolve("latency.png").toFile()).getHeight()).as("TTFT and ITL panels")
        .isEqualTo(2 * 420);
    assertThat(summary.getWidth()).isEqualTo(1100);
  }

  @Test
  void anUnknownControllerIsRefusedByName(@TempDir Path out) {
    PlanCommandTest.Run r = PlanCommandTest.run("simulate", "--hours", "1", "--controllers", "hpa,magic",
        "--out", out.toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err() + r.out()).contains("magic");
  }

  @Test
  void schedulerOptionsAreCheckedAndAFixedFleetReplays(@TempDir Path out) {
    PlanCommandTest.Run bad = PlanCommandTest.run("simulate", "--hours", "1", "--scheduler", "v2", "--out", out.toString());
    assertThat(bad.code()).isNotZero();
    assertThat(bad.err() + bad.out()).contains("unknown scheduler 'v2'");
    PlanCommandTest.Run r = PlanCommandTest.run("simulate", "--hours", "1", "--controllers", "fixed:2",
        "--scheduler", "prefill-first", "--max-num-batched-tokens", "4096", "--out", out.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).containsPattern("(?m)^fixed:2\\s").contains("requests simulated per second");
  }

  @Test
  void aNamedWorkloadRunsAndAnUnknownOneIsRefusedWithTheKnownNames(@TempDir Path out) {
    PlanCommandTest.Run bad = PlanCommandTest.run("simulate", "--workload", "chat", "--out", out.toString());
    assertThat(bad.code()).isNotZero();
    assertThat(bad.err() + bad.out()).contains("unknown --workload 'chat'; known: code, conversation");
    PlanCommandTest.Run both = PlanCommandTest.run("simulate", "--workload", "conversation", "--trace", "x.csv",
        "--out", out.toString());
    assertThat(both.code()).isNotZero();
    assertThat(both.err() + both.out()).contains("--workload replaces --trace");
    PlanCommandTest.Run r = PlanCommandTest.run("simulate", "--workload", "conversation", "--hours", "0.25",
        "--controllers", "fixed:2", "--out", out.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("long-context conversations").containsPattern("(?m)^fixed:2\\s");
  }
}
