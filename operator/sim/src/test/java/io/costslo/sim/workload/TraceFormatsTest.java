package io.costslo.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.costslo.sim.Comparison;
import io.costslo.sim.Simulation;
import io.costslo.sim.engine.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Small fixtures written here, in each format users have; never copies of the shared data. */
class TraceFormatsTest {
  @TempDir Path dir;

  /** Same four requests in every format: arrivals 0, 0.5, 2.25, 3 s; (in, out) as below. */
  static Stream<Arguments> fixtures() {
    return Stream.of(
        Arguments.of(TraceFormat.CSV, "trace.csv", """
            timestamp,input_tokens,output_tokens
            100.0,120,30
            100.5,800,200
            102.25,50,5
            103,4000,400
            """),
        Arguments.of(TraceFormat.CSV, "noheader.csv", """
            103,4000,400
            100.0,120,30
            102.25,50,5
            100.5,800,200
            """),
        Arguments.of(TraceFormat.AZURE, "azure.csv", """
            TIMESTAMP,ContextTokens,GeneratedTokens
            2023-11-16 18:15:46.0000000,120,30
            2023-11-16 18:15:46.5000000,800,200
            2023-11-16 18:15:48.2500000,50,5
            2023-11-16 18:15:49.0000000,4000,400
            """),
        // The 2024 release writes an offset and 6 fractional digits; one row in another offset, one as ISO.
        Arguments.of(TraceFormat.AZURE, "azure2024.csv", """
            TIMESTAMP,ContextTokens,GeneratedTokens
            2024-05-10 23:59:59.000000+00:00,120,30
            2024-05-11 01:59:59.500000+02:00,800,200
            2024-05-11 00:00:01.25+00:00,50,5
            2024-05-11T00:00:02Z,4000,400
            """),
        Arguments.of(TraceFormat.BURSTGPT, "burstgpt.csv", """
            Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type
            5,ChatGPT,120,30,150,Conversation log
            5.5,GPT-4,800,200,1000,API log
            7.25,ChatGPT,50,5,55,Conversation log
            8,ChatGPT,4000,400,4400,Conversation log
            """),
        Arguments.of(TraceFormat.MOONCAKE, "mooncake.jsonl", """
            {"timestamp": 27482, "input_length": 120, "output_length": 30, "hash_ids": [46, 47]}
            {"timestamp": 27982, "input_length": 800, "output_length": 200, "hash_ids": [1]}
            {"timestamp": 29732, "input_length": 50, "output_length": 5, "hash_ids": []}
            {"timestamp": 30482, "input_length": 4000, "output_length": 400, "hash_ids": [2, 3]}
            """));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("fixtures")
  void parsesToTheSameRequests(TraceFormat format, String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    Workload w = TraceReader.read(file, format);
    assertThat(w.size()).isEqualTo(4);
    assertThat(w.arrivalSeconds()).containsExactly(new double[] {0, 0.5, 2.25, 3}, within(1e-9));
    assertThat(w.inputTokens()).containsExactly(120, 800, 50, 4000);
    assertThat(w.outputTokens()).containsExactly(30, 200, 5, 400);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("fixtures")
  void runsThroughSimulateUnchanged(TraceFormat format, String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    Simulation.Options d = Simulation.Options.defaults();
    Simulation.Options o = new Simulation.Options(Optional.of(file), Optional.empty(), format, 0, 20, 1, 1, d.policy(),
        Comparison.ALL, 1, Optional.of(dir.resolve("out-" + name)), 1, d.config());
    Comparison.Outcome out = Simulation.run(o);
    for (RunResult r : out.results()) {
      assertThat(r.completed()).as(r.controller()).isEqualTo(4);
      assertThat(r.outputTokens()).as(r.controller()).isEqualTo(635);
    }
    assertThat(dir.resolve("out-" + name).resolve("report.json")).exists();
    assertThat(dir.resolve("out-" + name).resolve("replicas.png")).exists();
  }

  @Test
  void badRowsNameTheLine() throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "timestamp,input_tokens,output_tokens\n1,10,10\n2,ten,10\n");
    assertThatThrownBy(() -> TraceReader.read(file, TraceFormat.CSV)).hasMessageContaining("bad.csv:3");
    Path json = dir.resolve("bad.jsonl");
    Files.writeString(json, "{\"timestamp\": 1, \"input_length\": 3}\n");
    assertThatThrownBy(() -> TraceReader.read(json, TraceFormat.MOONCAKE)).hasMessageContaining("output_length");
  }

  @Test
  void timeAndRateScaling() throws IOException {
    Path file = dir.resolve("t.csv");
    Files.writeString(file, "0,10,10\n1,10,10\n2,10,10\n3,10,10\n");
    Workload w = TraceReader.read(file, TraceFormat.CSV);
    Workload slow = Workloads.timeScaled(w, 2);
    assertThat(slow.arrivalSeconds()).containsExactly(0, 2, 4, 6);
    assertThat(slow.horizonSeconds()).isEqualTo(2 * w.horizonSeconds());
    Workload doubled = Workloads.rateScaled(w, 2, 1);
    assertThat(doubled.size()).isEqualTo(8);
    assertThat(doubled.horizon()).isEqualTo(w.horizon());
    assertThat(doubled.totalOutputTokens()).isEqualTo(80);
    assertThat(List.of(Workloads.rateScaled(w, 0.5, 1).size())).allMatch(n -> n >= 0 && n <= 4);
  }
}
