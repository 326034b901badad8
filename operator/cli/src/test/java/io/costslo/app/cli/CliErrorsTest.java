package io.costslo.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input a new user tries gets one line on stderr naming the problem and the fix, and exit 2. */
class CliErrorsTest {
  @TempDir static Path dir;
  static String missing;
  static String empty;
  static String broken;
  static String notAPolicy;
  static String badGpu;
  static String misspelled;
  static String policy = PlanCommandTest.POLICY.toString();
  static final String LOAD = "rps=12,input=1000,output=200";

  @BeforeAll
  static void files() throws Exception {
    missing = dir.resolve("nope.yaml").toString();
    empty = Files.writeString(dir.resolve("empty.yaml"), "\n# nothing\n").toString();
    broken = Files.writeString(dir.resolve("broken.yaml"), "spec: [a\n  b: c: d\n").toString();
    notAPolicy = Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\n").toString();
    misspelled = Files.writeString(dir.resolve("typo.yaml"),
        Files.readString(PlanCommandTest.POLICY).replace("maxUsdPerHour", "maxUsdPerHr")).toString();
    badGpu = Files.writeString(dir.resolve("gpu.yaml"),
        Files.readString(PlanCommandTest.POLICY).replace("gpuType: H100-80GB", "gpuType: H200")).toString();
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of("missing file", new String[] {"plan", "-f", missing, "--load", LOAD}, "no such file"),
        Arguments.of("empty file", new String[] {"plan", "-f", empty, "--load", LOAD}, "empty file"),
        Arguments.of("broken YAML", new String[] {"plan", "-f", broken, "--load", LOAD}, "not valid YAML"),
        Arguments.of("no policy in file", new String[] {"plan", "-f", notAPolicy, "--load", LOAD},
            "kind: InferenceCostPolicy"),
        Arguments.of("observe, missing file", new String[] {"observe", "-f", missing, "--pods", "127.0.0.1:1"},
            "no such file"),
        Arguments.of("observe, broken YAML", new String[] {"observe", "-f", broken, "--pods", "127.0.0.1:1"},
            "not valid YAML"),
        Arguments.of("simulate --policy missing", new String[] {"simulate", "--policy", missing}, "no such file"),
        Arguments.of("simulate --policy empty", new String[] {"simulate", "--policy", empty}, "empty file"),
        Arguments.of("simulate --policy broken", new String[] {"simulate", "--policy", broken}, "not valid YAML"),
        Arguments.of("simulate --policy misspelled field", new String[] {"simulate", "--policy", misspelled},
            "unknown field spec.budget.maxUsdPerHr"),
        Arguments.of("simulate --policy invalid value", new String[] {"simulate", "--policy", badGpu}, "spec.capacity.gpuType"),
        Arguments.of("simulate option typo", new String[] {"simulate", "--polcy", policy}, "did you mean --policy"),
        Arguments.of("--format=xml", new String[] {"simulate", "--format=xml"}, "expected one of [CSV, AZURE"),
        Arguments.of("--hours=-1", new String[] {"simulate", "--hours=-1"}, "'--hours': must be a positive number"),
        Arguments.of("--mean-rps=0", new String[] {"simulate", "--mean-rps=0"}, "'--mean-rps': must be a positive"),
        Arguments.of("--rate-scale=-2", new String[] {"simulate", "--rate-scale=-2"}, "'--rate-scale': must be"),
        Arguments.of("--time-scale=0", new String[] {"simulate", "--time-scale=0"}, "'--time-scale': must be"),
        Arguments.of("--threads=0", new String[] {"simulate", "--threads=0"}, "'--threads': must be 1 or more"),
        Arguments.of("simulate -o yaml", new String[] {"simulate", "-o", "yaml"}, "expected one of [table, json]"),
        Arguments.of("plan -o yaml", new String[] {"plan", "-f", policy, "--load", LOAD, "-o", "yaml"},
            "expected one of [table, json]"),
        Arguments.of("observe -o yaml", new String[] {"observe", "-f", policy, "--pods", "127.0.0.1:1", "-o", "yaml"},
            "expected one of [table, json]"),
        Arguments.of("ISO-8601 duration", new String[] {"observe", "-f", policy, "--pods", "127.0.0.1:1",
            "--interval", "PT10S"}, "write e.g. 500ms, 2s"),
        Arguments.of("zero duration", new String[] {"observe", "-f", policy, "--pods", "127.0.0.1:1",
            "--interval", "0s"}, "positive duration"),
        Arguments.of("run ISO-8601 duration", new String[] {"run", "--event-suppression=PT10M"}, "not ISO-8601"),
        Arguments.of("plan rps=0", new String[] {"plan", "-f", policy, "--load", "rps=0,input=1000,output=200"},
            "must be a positive number"),
        Arguments.of("plan --batch=0", new String[] {"plan", "-f", policy, "--load", LOAD, "--batch=0"},
            "'--batch': must be 1 or more"),
        Arguments.of("unknown GPU type", new String[] {"plan", "-f", badGpu, "--load", LOAD}, "H100-80GB"),
        Arguments.of("demo --hours=0", new String[] {"demo", "--hours=0"}, "'--hours': must be a positive"),
        Arguments.of("unknown subcommand", new String[] {"simulte"}, "did you mean simulate"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void oneLineNamingTheProblemAndExit2(String name, String[] args, String expected) {
    PlanCommandTest.Run r = PlanCommandTest.run(args);
    assertThat(r.code()).as(r.err()).isEqualTo(CliErrors.USAGE);
    assertThat(r.err().lines().toList()).as("stderr").hasSize(1);
    assertThat(r.err()).startsWith("costslo").contains(expected).doesNotContain("Exception\n").doesNotContain("\tat ");
    assertThat(r.out()).as("no usage or table on stdout").isEmpty();
  }

  @Test
  void theGpuTypeErrorListsTheNamesTheReadmeUses() throws Exception {
    PlanCommandTest.Run r = PlanCommandTest.run("plan", "-f", badGpu, "--load", LOAD);
    String readme = Files.readString(PlanCommandTest.POLICY.getParent().resolve("../README.md"));
    for (String gpu : r.err().replaceAll("(?s).*use one of \\[([^]]*)].*", "$1").split(", ")) {
      assertThat(readme).as("README lists %s", gpu).contains("`" + gpu.strip() + "`");
    }
  }

  @ParameterizedTest(name = "{0} --help")
  @MethodSource("subcommands")
  void helpAndVersionExit0(String subcommand) {
    PlanCommandTest.Run help = PlanCommandTest.run(subcommand, "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("Usage: costslo " + subcommand);
    assertThat(PlanCommandTest.run(subcommand, "--version").code()).isZero();
  }

  static Stream<String> subcommands() {
    return CostSloCommand.commandLine().getSubcommands().keySet().stream();
  }

  @Test
  void anUnexpectedFailureIsOneLineWithExit1() {
    var cli = new picocli.CommandLine(new Failing()).setExecutionExceptionHandler(new CliErrors());
    var err = new java.io.StringWriter();
    cli.setErr(new java.io.PrintWriter(err));
    assertThat(cli.execute()).isEqualTo(CliErrors.FAILURE);
    assertThat(err.toString().lines().toList()).hasSize(1);
    assertThat(err.toString()).contains("failed: IllegalStateException: boom").contains("COSTSLO_DEBUG");
  }

  @picocli.CommandLine.Command(name = "failing")
  static class Failing implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("boom\nsecond line");
    }
  }
}
