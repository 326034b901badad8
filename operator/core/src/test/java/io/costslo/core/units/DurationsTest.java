package io.costslo.core.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, 500000000",
    "2s, 2000000000",
    "1m30s, 90000000000",
    "1h, 3600000000000",
    "50us, 50000",
    "1.5s, 1500000000",
  })
  void parses(String text, long nanos) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "-1s", "2 s", "1d", "s", "ms5"})
  void rejectsWithAHint(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("500ms");
  }

  @ParameterizedTest
  @ValueSource(strings = {"500ms", "2s", "1.25s", "90s", "50us", "5m"})
  void formatRoundTrips(String text) {
    Duration d = Durations.parse(text);
    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }

  @Test
  void longInputIsRefusedWithoutRecursion() {
    String longText = "1h".repeat(1500);
    assertThatThrownBy(() -> Durations.parse(longText))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too long");
  }

  @Test
  void aboveOneYearIsRefused() {
    assertThat(Durations.parse("8760h")).isEqualTo(Durations.MAX);
    assertThatThrownBy(() -> Durations.parse("8761h")).hasMessageContaining("8760h");
    assertThatThrownBy(() -> Durations.parse("99999999999999999999h")).hasMessageContaining("8760h");
  }

  /** The hand-written parser accepts exactly what the schema's pattern accepts (below the length limit). */
  @Test
  void acceptsExactlyWhatThePatternAccepts() {
    java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(Durations.PATTERN);
    String alphabet = "01.umsh";
    java.util.Random random = new java.util.Random(7);
    int accepted = 0;
    for (int n = 0; n < 200_000; n++) {
      int length = 1 + random.nextInt(7);
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String t = text.toString();
      boolean parses;
      try {
        Durations.parse(t);
        parses = true;
      } catch (IllegalArgumentException e) {
        parses = e.getMessage().contains(Durations.MAX_CEL); // well-formed, only too long a time
      }
      assertThat(parses).as(t).isEqualTo(pattern.matcher(t).matches());
      accepted += parses ? 1 : 0;
    }
    assertThat(accepted).isGreaterThan(1000);
  }
}
