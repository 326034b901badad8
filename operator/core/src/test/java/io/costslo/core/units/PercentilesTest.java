package io.costslo.core.units;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PercentilesTest {

  @ParameterizedTest
  @CsvSource({"0.99, p99", "0.5, p50", "0.999, p99.9", "0.95, p95", "0.9999, p99.99"})
  void labels(double fraction, String label) {
    assertThat(Percentiles.label(fraction)).isEqualTo(label);
  }
}
