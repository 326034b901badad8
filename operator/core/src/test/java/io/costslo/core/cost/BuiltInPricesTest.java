package io.costslo.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.testing.SharedData;
import io.costslo.core.testing.SharedData.Row;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The price constants are what their cited rows say: on-demand / GPUs, median AZ spot / GPUs. */
class BuiltInPricesTest {

  static Stream<Arguments> defaults() {
    return Stream.of(
        Arguments.of("A10G", "g5.xlarge", 2),
        Arguments.of("L4", "g6.xlarge", 7),
        Arguments.of("A100-40GB", "p4d.24xlarge", 16),
        Arguments.of("A100-80GB", "p4de.24xlarge", 17),
        Arguments.of("H100", "p5.48xlarge", 19));
  }

  @ParameterizedTest(name = "{0} from {1}")
  @MethodSource("defaults")
  void constantsMatchTheirCitedRow(String gpu, String instance, int line) {
    Row row = SharedData.csv(SharedData.dir("prices").resolve("aws_gpu_prices_us-east-1.csv")).stream()
        .filter(r -> r.get("instance_type").equals(instance)).findFirst().orElseThrow();
    assertThat(row.line()).isEqualTo(line);
    int gpus = Integer.parseInt(row.get("gpu_count"));
    double onDemand = row.number("ondemand_usd_per_hr_karpenter_2026-01-19") / gpus;
    List<Double> spots = Arrays.stream(row.get("spot_usd_per_hr_skypilot_by_az").split(";"))
        .map(s -> Double.parseDouble(s.substring(s.indexOf('=') + 1).replaceAll("[^0-9.].*$", ""))).toList();
    double spot = SharedData.median(spots) / gpus;

    GpuPrice price = new BuiltInPrices().price(gpu).orElseThrow();
    assertThat(price.onDemandPerGpu().value()).isCloseTo(onDemand, within(1e-4));
    assertThat(price.spotPerGpu().value()).isCloseTo(spot, within(1e-4));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("aliases")
  void gpuNamesAreNormalised(String alias, String canonical) {
    assertThat(GpuTypes.canonical(alias)).isEqualTo(canonical);
    assertThat(new BuiltInPrices().price(alias)).isPresent();
  }

  static Stream<Arguments> aliases() {
    return Stream.of(Arguments.of("h100-80gb", "H100"), Arguments.of("NVIDIA-H100-SXM", "H100"),
        Arguments.of("a100-80gb", "A100-80GB"), Arguments.of("l4", "L4"), Arguments.of("a10g", "A10G"));
  }
}
