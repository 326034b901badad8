package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.costslo.api.v1alpha1.Budget;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The reconciler against an API server in CRUD mode, with the example Deployment and policy. */
class ReconcilerMockTest {
  private static final String NAME = "llama3-8b";
  private OperatorHarness h;

  @BeforeEach
  void start() {
    h = new OperatorHarness();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void raisesReplicasToTheMinimum() {
    h.createDeployment(1);
    h.createPolicy(p -> {});
    InferenceCostPolicy p = h.awaitReconciled(NAME);
    assertThat(h.replicas(NAME)).isEqualTo(2);
    assertThat(p.getStatus().currentPlan.replicas).isEqualTo(2);
    assertThat(p.getStatus().lastScaleTime).isNotNull();
    assertThat(h.condition(NAME, Conditions.READY).getStatus()).isEqualTo("True");
    assertThat(h.events()).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("ClampedToBounds"));
    // No pods answer in this API server: the plan is decided without metrics, and status says so.
    assertThat(h.condition(NAME, Conditions.METRICS_AVAILABLE).getStatus()).isEqualTo("False");
    assertThat(h.condition(NAME, Conditions.METRICS_AVAILABLE).getReason()).isEqualTo("NoData");
  }

  @Test
  void lowersReplicasToTheMaximum() {
    h.createDeployment(12);
    h.createPolicy(p -> {});
    h.awaitReconciled(NAME);
    assertThat(h.replicas(NAME)).isEqualTo(8);
  }

  @Test
  void leavesReplicasWithinBoundsAlone() {
    h.createDeployment(5);
    String before = h.deploymentResourceVersion(NAME);
    h.createPolicy(p -> {});
    InferenceCostPolicy p = h.awaitReconciled(NAME);
    assertThat(h.replicas(NAME)).isEqualTo(5);
    assertThat(h.deploymentResourceVersion(NAME)).isEqualTo(before);
    assertThat(p.getStatus().recommendedPlan.reason).isEqualTo("HoldOnMissingMetrics");
  }

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        Arguments.of("min > max", (Consumer<InferenceCostPolicy>) p -> {
          p.getSpec().replicas.min = 6;
          p.getSpec().replicas.max = 3;
        }, "spec.replicas.min"),
        Arguments.of("negative budget", (Consumer<InferenceCostPolicy>) p -> {
          p.getSpec().budget = new Budget();
          p.getSpec().budget.maxUsdPerMillionTokens = -1.0;
        }, "spec.budget.maxUsdPerMillionTokens"),
        Arguments.of("unknown mode", (Consumer<InferenceCostPolicy>) p -> p.getSpec().mode = "Yolo", "spec.mode"),
        Arguments.of("missing target", (Consumer<InferenceCostPolicy>) p -> p.getSpec().targetRef = null,
            "spec.targetRef.name"),
        Arguments.of("unknown GPU type", (Consumer<InferenceCostPolicy>) p -> p.getSpec().capacity.gpuType = "TPU-v9",
            "spec.capacity.gpuType"),
        Arguments.of("bad duration", (Consumer<InferenceCostPolicy>) p -> p.getSpec().objectives.ttft = "fast",
            "spec.objectives.ttft"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void invalidSpecChangesNoWorkloadAndNamesTheField(String label, Consumer<InferenceCostPolicy> breakIt, String field) {
    h.createDeployment(1);
    String before = h.deploymentResourceVersion(NAME);
    h.createPolicy(breakIt);
    h.awaitReconciled(NAME);
    Condition ready = h.condition(NAME, Conditions.READY);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(ready.getMessage()).contains(field);
    assertThat(h.replicas(NAME)).isEqualTo(1);
    assertThat(h.deploymentResourceVersion(NAME)).isEqualTo(before);
    assertThat(h.events()).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).contains(field);
    });
  }

  @Test
  void missingTargetDeploymentIsReportedAndPickedUpLater() {
    h.createPolicy(p -> {});
    h.awaitReconciled(NAME);
    Condition ready = h.condition(NAME, Conditions.READY);
    assertThat(ready.getReason()).isEqualTo("TargetNotFound");
    assertThat(ready.getMessage()).contains("spec.targetRef.name");
    // The Deployment informer sees it created and reconciles the policy targeting it.
    h.createDeployment(1);
    await().atMost(Duration.ofSeconds(60)).until(() -> h.replicas(NAME) == 2);
    await().atMost(Duration.ofSeconds(5)).until(() -> "True".equals(h.condition(NAME, Conditions.READY).getStatus()));
  }

  @Test
  void recommendModeNeverWritesTheWorkload() {
    h.createDeployment(1);
    String before = h.deploymentResourceVersion(NAME);
    h.createPolicy(p -> p.getSpec().mode = "Recommend");
    InferenceCostPolicy p = h.awaitReconciled(NAME);
    assertThat(p.getStatus().recommendedPlan.replicas).isEqualTo(2);
    assertThat(p.getStatus().currentPlan.replicas).isEqualTo(1);
    assertThat(h.replicas(NAME)).isEqualTo(1);
    assertThat(h.deploymentResourceVersion(NAME)).isEqualTo(before);
    assertThat(h.events()).anySatisfy(e -> assertThat(e.getMessage()).startsWith("Recommend mode, not applied"));
  }

  @Test
  void deletingThePolicyLeavesTheDeploymentServingAsLastSet() {
    h.createDeployment(1);
    h.createPolicy(p -> {});
    h.awaitReconciled(NAME);
    assertThat(h.replicas(NAME)).isEqualTo(2);
    // The finalizer is what lets deletion restore the workload (spot folded back, batch setting
    // restored: ActuationMockTest); without metrics no spot was planned here.
    assertThat(h.policy(NAME).getMetadata().getFinalizers()).isNotEmpty();
    assertThat(h.deployment(NAME + "-spot")).isNull();
    h.client.resource(h.policy(NAME)).delete();
    await().atMost(Duration.ofSeconds(60)).until(() -> h.policy(NAME) == null);
    assertThat(h.deployment(NAME)).isNotNull();
    assertThat(h.replicas(NAME)).isEqualTo(2);
    assertThat(h.deployment(NAME).getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsSubsequence("--max-num-seqs", "128");
  }

  @Test
  void statusNeverTouchesTheSpec() {
    h.createDeployment(1);
    InferenceCostPolicy created = h.createPolicy(p -> {});
    InferenceCostPolicy p = h.awaitReconciled(NAME);
    assertThat(p.getMetadata().getGeneration()).isEqualTo(created.getMetadata().getGeneration());
    assertThat(p.getSpec().replicas.min).isEqualTo(2);
    assertThat(p.getSpec().mode).isEqualTo("Enforce");
  }
}
