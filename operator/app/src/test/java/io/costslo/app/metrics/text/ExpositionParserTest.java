package io.costslo.app.metrics.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ExpositionParserTest {

  private static final String SAMPLE = """
      # HELP vllm:num_requests_running Number of requests in model execution batches.
      # TYPE vllm:num_requests_running gauge
      vllm:num_requests_running{engine="0",model_name="m"} 3.0
      # a free comment
      # TYPE vllm:time_to_first_token_seconds histogram
      vllm:time_to_first_token_seconds_bucket{le="0.1",model_name="m"} 7
      vllm:time_to_first_token_seconds_bucket{le="+Inf",model_name="m"} 9 1700000000123
      weird{path="C:\\\\dir",quote="say \\"hi\\"",nl="a\\nb",} NaN
      up -Inf
      	spaced_out   { a = "1" }   +Inf  
      """;

  @Test
  void parsesCommentsTypesLabelsEscapesSpecialValuesAndTimestamps() throws Exception {
    Exposition e = ExpositionParser.parse(SAMPLE);

    assertThat(e.types()).containsEntry("vllm:num_requests_running", "gauge")
        .containsEntry("vllm:time_to_first_token_seconds", "histogram");
    assertThat(e.samples()).hasSize(6);
    MetricSample running = e.series("vllm:num_requests_running").get(0);
    assertThat(running.value()).isEqualTo(3.0);
    assertThat(running.labels()).containsEntry("engine", "0").containsEntry("model_name", "m");
    MetricSample inf = e.series("vllm:time_to_first_token_seconds_bucket").get(1);
    assertThat(inf.label("le")).isEqualTo("+Inf");
    assertThat(inf.timestampMillis()).hasValue(1700000000123L);
    assertThat(e.newestTimestampMillis()).hasValue(1700000000123L);
    MetricSample weird = e.series("weird").get(0);
    assertThat(weird.labels()).containsEntry("path", "C:\\dir").containsEntry("quote", "say \"hi\"")
        .containsEntry("nl", "a\nb");
    assertThat(weird.value()).isNaN();
    assertThat(e.series("up").get(0).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(e.series("spaced_out").get(0).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(e.series("spaced_out").get(0).labels()).containsEntry("a", "1");
  }

  @Test
  void rejectsMalformedLinesWithTheLineNumber() {
    assertThatThrownBy(() -> ExpositionParser.parse("ok 1\nbad{a=\"x} 1\n"))
        .isInstanceOf(ExpositionFormatException.class).hasMessageContaining("line 2");
    assertThatThrownBy(() -> ExpositionParser.parse("m 1d")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> ExpositionParser.parse("m{a=\"\\t\"} 1")).hasMessageContaining("invalid escape");
    assertThatThrownBy(() -> ExpositionParser.parse("m 1 12x")).hasMessageContaining("bad timestamp");
    assertThatThrownBy(() -> ExpositionParser.parse("# TYPE m sometimes")).hasMessageContaining("unknown TYPE");
    assertThatThrownBy(() -> ExpositionParser.parse("m{a=\"1\",a=\"2\"} 1")).hasMessageContaining("duplicate label");
    assertThatThrownBy(() -> ExpositionParser.parse("m")).hasMessageContaining("missing value");
    assertThatThrownBy(() -> ExpositionParser.parse("9m 1")).hasMessageContaining("metric name");
  }

  /**
   * Seeded fuzz: mutations of a valid body and plain random text. The parser must either return or
   * throw ExpositionFormatException; any other throwable is a bug.
   */
  @Test
  void fuzzedInputOnlyEverYieldsAParseException() {
    Random rnd = new Random(20261124L);
    String alphabet = "{}=\",\\\n #\t+-.eEInfNa0123456789_:abclzHELPTYPE\r";
    int parsed = 0;
    int rejected = 0;
    for (int round = 0; round < 20_000; round++) {
      StringBuilder sb;
      if (round % 2 == 0) {
        sb = new StringBuilder(SAMPLE);
        int edits = 1 + rnd.nextInt(6);
        for (int k = 0; k < edits && sb.length() > 0; k++) {
          int at = rnd.nextInt(sb.length());
          switch (rnd.nextInt(3)) {
            case 0 -> sb.deleteCharAt(at);
            case 1 -> sb.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
            default -> sb.setCharAt(at, (char) rnd.nextInt(0x250));
          }
        }
      } else {
        sb = new StringBuilder();
        int len = rnd.nextInt(200);
        for (int k = 0; k < len; k++) {
          sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
      }
      try {
        ExpositionParser.parse(sb.toString());
        parsed++;
      } catch (ExpositionFormatException expected) {
        assertThat(expected.getMessage()).startsWith("line ");
        rejected++;
      } catch (Throwable t) {
        fail("parser threw " + t + " on input:\n" + sb, t);
      }
    }
    // Both paths must have been exercised for the fuzz to mean anything.
    assertThat(parsed).isGreaterThan(100);
    assertThat(rejected).isGreaterThan(100);
  }
}
