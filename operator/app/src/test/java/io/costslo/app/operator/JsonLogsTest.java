package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** COSTSLO_LOG_FORMAT=json turns every log event into one JSON object per line, with JOSDK's MDC keys. */
class JsonLogsTest {
  @Test
  void jsonFormatWritesOneObjectPerLineWithTheResource() throws Exception {
    String text = logWith("json", "io.costslo.test", "{} -> {}", "2 on-demand", "3 on-demand");
    JsonNode line = new ObjectMapper().readTree(text.lines().filter(l -> l.contains("io.costslo.test")).findFirst()
        .orElseThrow());
    assertThat(line.get("level").asText()).isEqualTo("INFO");
    assertThat(line.get("formattedMessage").asText()).isEqualTo("2 on-demand -> 3 on-demand");
    assertThat(line.get("mdc").get("resource.namespace").asText()).isEqualTo("team-a");
    assertThat(line.get("mdc").get("resource.name").asText()).isEqualTo("llama3-8b");
  }

  @Test
  void textIsTheDefault() throws Exception {
    String text = logWith(null, "io.costslo.test", "{} -> {}", "a", "b");
    assertThat(text).contains("INFO").contains("test - a -> b").doesNotContain("{\"");
  }

  private static String logWith(String format, String logger, String message, Object... args) throws Exception {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try {
      if (format != null) {
        System.setProperty("COSTSLO_LOG_FORMAT", format);
      }
      System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
      ctx.reset();
      new ContextInitializer(ctx).autoConfig();
      MDC.put("resource.namespace", "team-a");
      MDC.put("resource.name", "llama3-8b");
      LoggerFactory.getLogger(logger).info(message, args);
    } finally {
      MDC.clear();
      System.setErr(err);
      System.clearProperty("COSTSLO_LOG_FORMAT");
      ctx.reset();
      new ContextInitializer(ctx).autoConfig();
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
