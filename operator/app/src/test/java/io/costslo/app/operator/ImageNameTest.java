package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The image the Jib profile builds is the one the chart runs by default, as the user the chart expects. */
class ImageNameTest {
  static final Path APP_POM = HelmChartMockTest.CHART.resolve("../../operator/app/pom.xml").normalize();

  @Test
  void jibBuildsTheChartsDefaultImageAsItsUser() throws Exception {
    String pom = Files.readString(APP_POM);
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode values = yaml.readTree(HelmChartMockTest.CHART.resolve("values.yaml").toFile());
    JsonNode chart = yaml.readTree(HelmChartMockTest.CHART.resolve("Chart.yaml").toFile());
    String expected = values.at("/image/repository").asText() + ":" + chart.get("appVersion").asText();
    assertThat(group(pom, "<image>([^<$]+)</image>")).isEqualTo(expected);
    assertThat(group(pom, "<user>([0-9]+):[0-9]+</user>"))
        .isEqualTo(values.at("/podSecurityContext/runAsUser").asText());
    // The shaded runtime jar and the image start the same operator-only command (no simulator, no demo).
    assertThat(Pattern.compile("<mainClass>([^<]+)</mainClass>").matcher(pom).results().map(m -> m.group(1)).toList())
        .containsExactly("io.costslo.app.cli.OperatorCommand", "io.costslo.app.cli.OperatorCommand");
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in %s", regex, APP_POM).isTrue();
    return m.group(1);
  }
}
