package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.costslo.api.v1alpha1.PriceCatalog;
import io.costslo.core.load.Load;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.Observation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A PriceCatalog with reserved GPUs: the plan is costed at their marginal price, and status says which prices. */
class PriceCatalogMockTest {
  private static final MetricsSource SOURCE = query -> new Observation(Instant.now(), Duration.ofMinutes(2),
      Load.of(20, 1000, 250), Optional.of(Duration.ofMillis(800)), Optional.of(Duration.ofMillis(30)), 0.99, 20, 0,
      0.3, 5, List.of());

  @Test
  void reservedGpusAreFilledFirstAtTheirMarginalPrice() {
    try (OperatorHarness h = new OperatorHarness(new OperatorSettings(Set.of(), false, null, null, Duration.ofMinutes(10)),
        (policy, target) -> SOURCE)) {
      String yaml = """
          apiVersion: costslo.io/v1alpha1
          kind: PriceCatalog
          metadata: {name: prices}
          spec:
            region: us-east-1
            prices:
            - {gpuType: H100, capacityType: OnDemand, usdPerGpuHour: 5.0, effectiveFrom: "2026-01-01", source: "EDP contract 2026"}
            - {gpuType: H100, capacityType: Reserved, usdPerGpuHour: 0.5, reservedGpus: 8, effectiveFrom: "2026-01-01", source: "3-year reservation"}
            - {gpuType: H100, capacityType: OnDemand, usdPerGpuHour: 1.0, region: eu-west-1, effectiveFrom: "2026-01-01", source: "other region"}
          """;
      h.client.resources(PriceCatalog.class).load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).create();
      h.createDeployment(1);
      h.createPolicy(p -> {
        p.getSpec().budget = null;
        p.getSpec().reconcileInterval = "1s";
      });
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
        var status = h.policy("llama3-8b").getStatus();
        var plan = status.recommendedPlan;
        // The pool is shared: this policy's share is what its plan runs (claimed after each cycle), up to 8.
        assertThat(status.price.reservedGpus).as("its share of the pool, settled on its plan")
            .isEqualTo(plan.onDemandReplicas).isBetween(1, 8);
        assertThat(status.price.reservedUsdPerGpuHour).isEqualTo(0.5);
        assertThat(status.price.onDemandUsdPerGpuHour).isEqualTo(5.0);
        assertThat(status.price.source).contains("EDP contract 2026", "3-year reservation", "reserved share")
            .doesNotContain("other region");
        assertThat(plan.spotReplicas).as("reserved before spot").isZero();
        assertThat(plan.predictedUsdPerHour).as("every replica on a reserved GPU")
            .isCloseTo(plan.onDemandReplicas * 0.5, within(1e-3));
      });
    }
  }
}
