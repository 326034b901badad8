package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.core.metrics.MetricsSource;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One policy per workload, exceptions and Errors in a reconcile, and a fixed spec, on the mock API server. */
class FailureMockTest {
  private static final String NAME = "llama3-8b";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private OperatorHarness h;
  /** What the metrics source does for the policy named "broken": throw whatever this supplies. */
  private final AtomicReference<Supplier<Throwable>> breaking = new AtomicReference<>();

  private void start() {
    MetricsSource fine = query -> {
      throw new io.costslo.core.metrics.MetricsUnavailableException("NoData", "no pods in this test");
    };
    h = new OperatorHarness(OperatorHarness.testSettings(), (policy, target) -> {
      if (!"broken".equals(policy.getMetadata().getName()) || breaking.get() == null) {
        return fine;
      }
      Throwable t = breaking.get().get();
      return query -> {
        if (t instanceof RuntimeException r) {
          throw r;
        }
        throw (Error) t;
      };
    }, Clock.systemUTC(), KubernetesPlanRealizer.StepHook.NONE);
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private void awaitReady(String name, String status, String reason) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
      InferenceCostPolicy p = h.policy(name);
      var c = p == null || p.getStatus() == null ? null : Conditions.find(p.getStatus().conditions, Conditions.READY);
      return c != null && status.equals(c.getStatus()) && reason.equals(c.getReason());
    });
  }

  @Test
  void theOlderPolicyWinsATargetAndTheOtherIsToldWho() throws Exception {
    start();
    h.createDeployment(1);
    h.createPolicy(p -> {});
    awaitReady(NAME, "True", "Enforcing");
    // Creation timestamps have one-second resolution: make the second one clearly younger.
    Thread.sleep(1100);
    h.createPolicy(p -> {
      p.getMetadata().setName("second");
      p.getSpec().replicas.min = 5;
      p.getSpec().replicas.max = 6;
      p.getSpec().metrics.fallbackReplicas = 5;
    });
    awaitReady("second", "False", "TargetConflict");
    assertThat(h.condition("second", Conditions.READY).getMessage()).contains("older policy " + NAME);
    assertThat(h.events()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("TargetConflict");
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getInvolvedObject().getName()).isEqualTo("second");
      assertThat(e.getMessage()).contains(NAME);
    });
    // The winner's bounds (2..8) hold; the loser's min of 5 was never applied.
    assertThat(h.replicas(NAME)).isEqualTo(2);
    assertThat(h.condition(NAME, Conditions.READY).getStatus()).isEqualTo("True");

    // The winner goes: the other one takes over at its next look.
    h.client.resource(h.policy(NAME)).delete();
    await().atMost(Duration.ofSeconds(60)).until(() -> h.replicas(NAME) == 5);
    awaitReady("second", "True", "Enforcing");
  }

  @Test
  void anExceptionOrErrorInAReconcileIsReadyFalseAndTheOperatorKeepsGoing() {
    for (Supplier<Throwable> failure : java.util.List.<Supplier<Throwable>>of(
        () -> new IllegalStateException("boom"), StackOverflowError::new)) {
      breaking.set(failure);
      start();
      h.createDeployment(1);
      h.createPolicy(p -> {
        p.getMetadata().setName("broken");
      });
      awaitReady("broken", "False", "ReconcileError");
      assertThat(h.condition("broken", Conditions.READY).getMessage())
          .contains(failure.get().getClass().getSimpleName());
      // Another policy (on another workload) is still reconciled by the same operator.
      h.client.apps().deployments().inNamespace(OperatorHarness.NS).resource(renamed(h.deployment(NAME), "other"))
          .create();
      h.createPolicy(p -> {
        p.getMetadata().setName("fine");
        p.getSpec().targetRef.name = "other";
      });
      awaitReady("fine", "True", "Enforcing");
      assertThat(h.operator.isStarted()).isTrue();
      h.close();
      h = null;
    }
  }

  @Test
  void anInvalidSpecWaitsAndItsFixIsReconciledAtOnce() {
    start();
    h.createDeployment(1);
    h.createPolicy(p -> {
      p.getSpec().replicas.min = 9;
      p.getSpec().reconcileInterval = "1h";
    });
    awaitReady(NAME, "False", "InvalidSpec");
    String version = h.deploymentResourceVersion(NAME);
    assertThat(h.condition(NAME, Conditions.READY).getMessage()).contains("spec.replicas");
    // Fixed: a new generation, reconciled now rather than after an interval or a backoff.
    h.client.resources(InferenceCostPolicy.class).inNamespace(OperatorHarness.NS).withName(NAME)
        .edit(p -> {
          p.getSpec().replicas.min = 2;
          return p;
        });
    awaitReady(NAME, "True", "Enforcing");
    assertThat(h.replicas(NAME)).isEqualTo(2);
    assertThat(h.deploymentResourceVersion(NAME)).isNotEqualTo(version);
  }

  private static io.fabric8.kubernetes.api.model.apps.Deployment renamed(
      io.fabric8.kubernetes.api.model.apps.Deployment d, String name) {
    var copy = io.fabric8.kubernetes.client.utils.Serialization.clone(d);
    copy.getMetadata().setName(name);
    copy.getMetadata().setResourceVersion(null);
    copy.getMetadata().setUid(null);
    return copy;
  }
}
