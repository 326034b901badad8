package io.costslo.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
}
