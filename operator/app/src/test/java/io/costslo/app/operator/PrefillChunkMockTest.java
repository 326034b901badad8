package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.PrefillChunkKnob;
import io.costslo.core.load.Load;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.Observation;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The prefill chunk against the API server: the argument lands on the target and on the spot
 * companion, the original is kept in an annotation, status and an event name the chunk, and
 * deleting the policy puts the original back.
 */
class PrefillChunkMockTest {
  private static final String NAME = "llama3-8b";
  private static final String SPOT = "llama3-8b-spot";
  private static final String FLAG = "--max-num-batched-tokens";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<Integer> ALLOWED = List.of(512, 2048);

  private final TestClock clock = new TestClock(Instant.now());
  private OperatorHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private static List<String> args(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
  }

  /** The value after the flag, or null when the template does not set it. */
  private static Integer chunk(Deployment d) {
    if (d == null) {
      return null;
    }
    List<String> a = args(d);
    int i = a.indexOf(FLAG);
    return i >= 0 && i + 1 < a.size() ? Integer.valueOf(a.get(i + 1)) : null;
  }

  @Test
  void theChunkLandsOnBothDeploymentsAndIsRestoredOnDeletion() {
    Observation seen = new Observation(Instant.now(), Duration.ofMinutes(2), Load.of(30, 300, 250),
        Optional.of(Duration.ofMillis(800)), Optional.of(Duration.ofMillis(30)), 0.99, 20, 0, 0.3, 5, List.of());
    MetricsSource source = query -> seen;
    h = new OperatorHarness(OperatorHarness.testSettings(), (policy, target) -> source, clock,
        KubernetesPlanRealizer.StepHook.NONE);
    h.createDeployment(1);
    assertThat(chunk(h.deployment(NAME))).as("precondition: the engine default runs").isNull();
    h.createPolicy(p -> {
      p.getSpec().objectives.itl = "40ms";
      p.getSpec().replicas.max = 20;
      p.getSpec().reconcileInterval = "1s";
      PrefillChunkKnob knob = new PrefillChunkKnob();
      knob.container = "vllm";
      knob.argument = FLAG;
      knob.allowedValues = ALLOWED;
      p.getSpec().prefillChunk = knob;
    });

    // The engine default (8192) is not allowed, so the chunk changes at the first reconcile.
    await().atMost(WAIT).until(() -> chunk(h.deployment(NAME)) != null && h.deployment(SPOT) != null
        && chunk(h.deployment(SPOT)) != null);
    int chosen = chunk(h.deployment(NAME));
    assertThat(ALLOWED).contains(chosen);
    assertThat(chunk(h.deployment(SPOT))).as("the companion runs the same chunk").isEqualTo(chosen);
    assertThat(args(h.deployment(NAME))).containsSubsequence("--max-num-seqs").containsOnlyOnce(FLAG);
    assertThat(h.deployment(NAME).getMetadata().getAnnotations())
        .containsEntry(KubernetesPlanRealizer.ANNOTATION_ORIGINAL_CHUNK, "");
    await().atMost(WAIT).until(() -> h.policy(NAME).getStatus() != null
        && h.policy(NAME).getStatus().currentPlan != null
        && Integer.valueOf(chosen).equals(h.policy(NAME).getStatus().currentPlan.prefillChunk));
    assertThat(h.policy(NAME).getStatus().recommendedPlan.prefillChunk).isEqualTo(chosen);
    assertThat(h.events()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("PrefillChunkChanged");
      assertThat(e.getMessage()).contains(FLAG + " 8192 -> " + chosen);
    });

    h.client.resource(h.policy(NAME)).delete();
    await().atMost(WAIT).until(() -> h.policy(NAME) == null);
    Deployment target = h.deployment(NAME);
    assertThat(chunk(target)).as("the engine default is back").isNull();
    assertThat(target.getMetadata().getAnnotations()).doesNotContainKey(KubernetesPlanRealizer.ANNOTATION_ORIGINAL_CHUNK);
  }
}
