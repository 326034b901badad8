package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.cycle.SpotAvailability;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which spot pods count as a disruption, and when spot is trusted again. */
class SpotHealthTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final Duration PENDING = Duration.ofMinutes(5);
  private static final Duration HEALTHY = Duration.ofMinutes(15);

  private static Pod pending(Instant created, boolean scheduled) {
    return new PodBuilder().withNewMetadata().withName("p").withCreationTimestamp(created.toString()).endMetadata()
        .withNewStatus().withPhase("Pending")
        .addNewCondition().withType("PodScheduled").withStatus(scheduled ? "True" : "False").endCondition()
        .endStatus().build();
  }

  private static Pod preempted(Instant at) {
    return new PodBuilder().withNewMetadata().withName("e").withCreationTimestamp(at.minusSeconds(3600).toString())
        .endMetadata().withNewStatus().withPhase("Failed").withReason("Evicted")
        .addNewCondition().withType("DisruptionTarget").withStatus("True").withLastTransitionTime(at.toString())
        .endCondition().endStatus().build();
  }

  private static SpotAvailability evaluate(List<Pod> pods, Optional<Instant> known) {
    return SpotAvailability.evaluate(SpotHealth.evidence(pods, PENDING, NOW), known, HEALTHY, NOW);
  }

  @Test
  void noDisruptionIsHealthy() {
    assertThat(evaluate(List.of(), Optional.empty()).healthy()).isTrue();
    // Pending within the timeout, or scheduled and pulling the image, is normal start-up.
    assertThat(evaluate(List.of(pending(NOW.minus(Duration.ofMinutes(4)), false)), Optional.empty()).healthy()).isTrue();
    assertThat(evaluate(List.of(pending(NOW.minus(Duration.ofMinutes(30)), true)), Optional.empty()).healthy()).isTrue();
  }

  @Test
  void unscheduledPastTheTimeoutIsLostUntilNowPlusTheHealthyPeriod() {
    SpotAvailability h = evaluate(List.of(pending(NOW.minus(Duration.ofMinutes(6)), false)), Optional.empty());
    assertThat(h.healthy()).isFalse();
    assertThat(SpotHealth.evidence(List.of(pending(NOW.minus(Duration.ofMinutes(6)), false)), PENDING, NOW)
        .stuckPendingPods()).isEqualTo(1);
    assertThat(h.message()).contains("Pending longer than 5m");
    assertThat(h.usableAgainAt()).contains(NOW.plus(HEALTHY));
  }

  @Test
  void aPreemptionCountsFromWhenItHappenedNotWhenItWasSeen() {
    assertThat(evaluate(List.of(preempted(NOW.minus(Duration.ofMinutes(2)))), Optional.empty()).healthy()).isFalse();
    // A failed pod object that lingers past the healthy period does not keep spot lost.
    assertThat(evaluate(List.of(preempted(NOW.minus(Duration.ofMinutes(16)))), Optional.empty()).healthy()).isTrue();
  }

  @Test
  void theLastDisruptionKeptInStatusHoldsWithoutPods() {
    assertThat(evaluate(List.of(), Optional.of(NOW.minus(Duration.ofMinutes(14)))).healthy()).isFalse();
    assertThat(evaluate(List.of(), Optional.of(NOW.minus(Duration.ofMinutes(15)))).healthy()).isTrue();
  }
}
