package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.core.load.Load;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.Observation;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Actuation against the API server: the spot companion, spot loss and return, the batch argument,
 * HPA bounds, deletion, a restart halfway through a plan, and the per-policy metrics. Loads are
 * chosen so the core's plan is known (ITL objective 60ms, H100, the linear Llama-3-8B profile pinned
 * inline so these figures do not move when the built-in profiles are refitted):
 * 30 req/s -> 3 on-demand + 2 spot; 60 req/s -> 5 on-demand + 5 spot. The objective leaves room for
 * the steps that carry a 1000-token prompt (about 36 ms on this profile, which per-token ITL counts).
 */
class ActuationMockTest {
  private static final String NAME = "llama3-8b";
  private static final String SPOT = "llama3-8b-spot";
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final AtomicReference<Load> load = new AtomicReference<>(Load.of(30, 1000, 250));
  private final TestClock clock = new TestClock(Instant.now());
  private OperatorHarness h;

  /**
   * Whether the fake pods report latency percentiles. Off by default: this fake world's latency does
   * not answer to the fleet the operator sizes, so the closed loop would learn a fiction from it, and
   * how far it got would depend on how many cycles a slow machine fits between two steps of a test.
   * The closed loop has its own tests (core feedback, ClosedLoopITCase); these are about actuation.
   */
  private final AtomicBoolean latencyReported = new AtomicBoolean(false);
  /**
   * Ready pods in every observation: replicas.max, so no plan here is still starting (the closed loop
   * holds batch changes while pods start).
   */
  private static final int READY_PODS = 20;
  /** What the observation measures when latency is reported; /metrics must show it as costslo_slo_attainment. */
  private static final double MEASURED_ATTAINMENT = 0.997;

  private Observation observation() {
    boolean latency = latencyReported.get();
    return new Observation(Instant.now(), Duration.ofMinutes(2), load.get(),
        latency ? Optional.of(Duration.ofMillis(800)) : Optional.empty(),
        latency ? Optional.of(Duration.ofMillis(30)) : Optional.empty(), 0.99, 20, 0, 0.3, READY_PODS, List.of(),
        Optional.empty(), latency ? Optional.of(MEASURED_ATTAINMENT) : Optional.empty(), Optional.empty());
  }

  private void start(KubernetesPlanRealizer.StepHook hook) {
    MetricsSource source = query -> observation();
    h = new OperatorHarness(OperatorHarness.testSettings(), (policy, target) -> source, clock, hook);
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  /** The example policy with an ITL objective that needs several replicas (so spot pays), room to scale, and a fast loop. */
  private InferenceCostPolicy createPolicy(Consumer<InferenceCostPolicy> change) {
    return h.createPolicy(p -> {
      p.getSpec().objectives.itl = "60ms";
      p.getSpec().replicas.max = 20;
      p.getSpec().reconcileInterval = "1s";
      io.costslo.api.v1alpha1.ProfileSpec linear = new io.costslo.api.v1alpha1.ProfileSpec();
      linear.baseIterationTime = "8.4771ms";
      linear.perSequenceTime = "128.39us";
      linear.perPrefillTokenTime = "27.24us";
      linear.kvCacheTokens = 426_788L;
      p.getSpec().capacity.profile = linear;
      change.accept(p);
    });
  }

  private int replicasOrZero(String name) {
    Deployment d = h.deployment(name);
    return d == null ? 0 : d.getSpec().getReplicas();
  }

  private void awaitSplit(int onDemand, int spot) {
    try {
      await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
          .until(() -> h.replicas(NAME) == onDemand && replicasOrZero(SPOT) == spot);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      var status = h.policy(NAME).getStatus();
      var plan = status == null ? null : status.recommendedPlan;
      throw new AssertionError("expected " + onDemand + " on-demand + " + spot + " spot, running " + h.replicas(NAME)
          + " + " + replicasOrZero(SPOT) + "; recommended " + (plan == null ? "nothing"
              : plan.onDemandReplicas + " + " + plan.spotReplicas + " (" + plan.reason + ": " + plan.message + ")"), e);
    }
  }

  /**
   * Waits until the operator has decided {@code count} times after {@code since} (on the test clock),
   * so what follows is asserted on fresh decisions, not on a status left from before.
   */
  private void awaitDecisionsAfter(Instant since, int count) {
    Instant[] last = {since};
    for (int i = 0; i < count; i++) {
      Instant after = last[0];
      await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
        String t = h.policy(NAME).getStatus().lastDecisionTime;
        if (t == null || !Instant.parse(t).isAfter(after)) {
          return false;
        }
        last[0] = Instant.parse(t);
        return true;
      });
    }
  }

  private static List<String> args(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
  }

  private Pod spotPod(String name, Consumer<PodBuilder> status) {
    Deployment target = h.deployment(NAME);
    PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace(OperatorHarness.NS)
        .withLabels(SpotCompanion.selector(target)).endMetadata()
        .withNewSpec().addNewContainer().withName("vllm").withImage("vllm").endContainer().endSpec();
    status.accept(b);
    Pod created = h.client.pods().inNamespace(OperatorHarness.NS).resource(b.build()).create();
    if (created.getStatus() == null || created.getStatus().getPhase() == null) {
      created.setStatus(b.build().getStatus());
      created = h.client.pods().inNamespace(OperatorHarness.NS).resource(created).updateStatus();
    }
    return created;
  }

  @Test
  void plansWithSpotSplitReplicasOverTheTargetAndItsCompanionAndReSplit() {
    start(KubernetesPlanRealizer.StepHook.NONE);
    h.createDeployment(1);
    InferenceCostPolicy policy = createPolicy(p -> p.getSpec().capacity.spot.preset = "GKE");
    awaitSplit(3, 2);

    Deployment target = h.deployment(NAME);
    Deployment companion = h.deployment(SPOT);
    assertThat(companion.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getUid()).isEqualTo(h.policy(NAME).getMetadata().getUid());
      assertThat(o.getKind()).isEqualTo("InferenceCostPolicy");
      assertThat(o.getController()).isTrue();
    });
    assertThat(companion.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "costslo")
        .containsEntry("costslo.io/policy", NAME).containsEntry("costslo.io/capacity-type", "spot");
    var pod = companion.getSpec().getTemplate().getSpec();
    assertThat(pod.getNodeSelector()).containsEntry("cloud.google.com/gke-spot", "true")
        // The target's own placement is kept.
        .containsEntry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3");
    assertThat(pod.getTolerations()).extracting(Toleration::getKey, Toleration::getValue, Toleration::getEffect)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("cloud.google.com/gke-spot", "true", "NoSchedule"));
    // The Service selects the target's pod labels; the spot pods carry all of them.
    assertThat(companion.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(target.getSpec().getTemplate().getMetadata().getLabels());
    assertThat(companion.getSpec().getSelector().getMatchLabels())
        .containsAllEntriesOf(target.getSpec().getSelector().getMatchLabels())
        .containsEntry("costslo.io/capacity-type", "spot");
    assertThat(args(companion)).isEqualTo(args(target));
    var status = h.awaitReconciled(NAME).getStatus();
    assertThat(status.spot.companion).isEqualTo(SPOT);
    assertThat(status.spot.healthy).isTrue();
    assertThat(h.condition(NAME, Conditions.SPOT_AVAILABLE).getStatus()).isEqualTo("True");
    assertThat(h.events()).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("SpotCompanionCreated"));

    // More load: the plan changes and both Deployments follow.
    load.set(Load.of(60, 1000, 250));
    awaitSplit(5, 5);
    await().atMost(WAIT).until(() -> h.policy(NAME).getStatus().currentPlan.spotReplicas == 5);

    // The target's pod template changes: the companion follows, spot placement kept.
    h.client.apps().deployments().inNamespace(OperatorHarness.NS).withName(NAME).edit(d -> {
      d.getSpec().getTemplate().getSpec().getContainers().get(0).setEnv(List.of(new EnvVar("HF_HOME", "/cache", null)));
      return d;
    });
    await().atMost(WAIT).until(() -> {
      var c = h.deployment(SPOT).getSpec().getTemplate().getSpec();
      return c.getContainers().get(0).getEnv() != null && !c.getContainers().get(0).getEnv().isEmpty()
          && "true".equals(c.getNodeSelector().get("cloud.google.com/gke-spot"));
    });
    assertThat(h.client.apps().deployments().inNamespace(OperatorHarness.NS)
        .withLabel("app.kubernetes.io/managed-by", "costslo").list().getItems()).hasSize(1);
    assertThat(policy).isNotNull();
  }

  @Test
  void aPreemptionStormMovesSpotToOnDemandAtOnceAndBackOnlyAfterTheHealthyPeriod() {
    start(KubernetesPlanRealizer.StepHook.NONE);
    h.createDeployment(1);
    createPolicy(p -> {
      p.getSpec().capacity.spot.pendingTimeout = "5m";
      p.getSpec().capacity.spot.healthyPeriod = "15m";
    });
    awaitSplit(3, 2);

    // Both spot pods were preempted; their replacements wait for spot nodes that never come.
    String lost = clock.instant().toString();
    for (String name : List.of("spot-a", "spot-b")) {
      spotPod(name, b -> b.withNewStatus().withPhase("Failed").withReason("Preempting")
          .addNewCondition().withType("DisruptionTarget").withStatus("True").withLastTransitionTime(lost).endCondition()
          .endStatus());
    }
    for (String name : List.of("spot-c", "spot-d")) {
      spotPod(name, b -> b.withNewStatus().withPhase("Pending")
          .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable").endCondition()
          .endStatus());
    }
    // Within one reconcile (1s here) the spot share runs on-demand.
    awaitSplit(5, 0);
    await().atMost(WAIT).until(() -> Boolean.FALSE.equals(h.policy(NAME).getStatus().spot.healthy));
    var status = h.policy(NAME).getStatus();
    assertThat(status.spot.message).contains("preempted or evicted");
    assertThat(h.condition(NAME, Conditions.SPOT_AVAILABLE).getReason()).isEqualTo("SpotLost");
    assertThat(h.events()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("SpotLost");
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).contains("moved to on-demand").contains("predicted $");
    });

    // The replacements stay Pending past the timeout: spot is still lost, and the clock restarts.
    clock.advance(Duration.ofMinutes(6));
    await().atMost(WAIT).until(() -> h.policy(NAME).getStatus().spot.message.contains("Pending longer than 5m"));
    Instant lastSeen = Instant.parse(h.policy(NAME).getStatus().spot.lastDisruptionTime);
    // The companion at 0 replicas removes its Pending pods (the ReplicaSet controller would).
    h.client.pods().inNamespace(OperatorHarness.NS).withName("spot-c").delete();
    h.client.pods().inNamespace(OperatorHarness.NS).withName("spot-d").delete();

    // A restart keeps the state: it is in status.
    h.restartOperator(KubernetesPlanRealizer.StepHook.NONE);
    clock.advance(Duration.ofMinutes(10));
    // Two decisions by the new operator, both still within the healthy period: spot stays lost.
    awaitDecisionsAfter(clock.instant(), 2);
    assertThat(h.replicas(NAME)).isEqualTo(5);
    assertThat(replicasOrZero(SPOT)).isZero();
    assertThat(h.policy(NAME).getStatus().spot.healthy).isFalse();

    // Healthy for the full period since the last stuck pod: spot is available again. The on-demand
    // replicas recommended within the scale-down window (5m, on this clock that also runs in real
    // time) are given up once that window has passed too, however slow the machine was until now.
    clock.advance(Duration.between(clock.instant(), lastSeen.plus(Duration.ofMinutes(15))).plusSeconds(1));
    await().atMost(WAIT).until(() -> h.policy(NAME).getStatus().spot.healthy);
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    awaitSplit(3, 2);
    assertThat(h.condition(NAME, Conditions.SPOT_AVAILABLE).getStatus()).isEqualTo("True");
    assertThat(h.events()).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("SpotRestored"));
  }

  @Test
  void batchCapIsPatchedOnBothDeploymentsAndASecondChangeWaitsForTheInterval() {
    start(KubernetesPlanRealizer.StepHook.NONE);
    h.createDeployment(10);
    createPolicy(p -> {
      p.getSpec().stability.batchChangeMinSaving = 0.0;
      p.getSpec().stability.batchChangeMinInterval = "30m";
    });
    // 30 req/s: batch 64 is as cheap as 128 and allowed (saving 0 >= 0), so it is taken at once;
    // 10 replicas are more than needed, but not reduced in the step that changes the batch cap.
    await().atMost(WAIT).until(() -> args(h.deployment(NAME)).contains("64"));
    await().atMost(WAIT).until(() -> h.policy(NAME).getStatus() != null
        && h.policy(NAME).getStatus().lastBatchChangeTime != null);
    assertThat(h.events()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("BatchChangeScaleDownHeld");
      assertThat(e.getMessage()).contains("replicas stay at 10");
    });
    await().atMost(WAIT).until(() -> h.deployment(SPOT) != null && args(h.deployment(SPOT)).contains("64"));
    // The scale-down to the plan's 5 may follow in the next step; the step that changed the cap kept
    // 10, as the event above says.
    assertThat(args(h.deployment(NAME))).containsSubsequence("--max-num-seqs", "64").doesNotContain("128");
    assertThat(h.deployment(NAME).getMetadata().getAnnotations())
        .containsEntry(KubernetesPlanRealizer.ANNOTATION_ORIGINAL_BATCH, "128");
    assertThat(h.events()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("BatchCapChanged");
      assertThat(e.getMessage()).contains("--max-num-seqs 128 -> 64").contains("predicted $");
    });

    // 60 req/s prefers batch 128 again, but the last change is minutes old: deferred.
    load.set(Load.of(60, 1000, 250));
    clock.advance(Duration.ofMinutes(5));
    await().atMost(WAIT).until(() -> "BatchChangeDeferred".equals(h.policy(NAME).getStatus().recommendedPlan.reason));
    assertThat(args(h.deployment(NAME))).contains("64");
    assertThat(args(h.deployment(SPOT))).contains("64");

    // After the interval the change goes through, on both Deployments, with the original kept.
    clock.advance(Duration.ofMinutes(26));
    await().atMost(WAIT).until(() -> args(h.deployment(NAME)).contains("128") && args(h.deployment(SPOT)).contains("128"));
    assertThat(h.deployment(NAME).getMetadata().getAnnotations())
        .containsEntry(KubernetesPlanRealizer.ANNOTATION_ORIGINAL_BATCH, "128");
  }

  @Test
  void anHpaManagedTargetGetsItsBoundsChangedNotItsReplicas() {
    start(KubernetesPlanRealizer.StepHook.NONE);
    h.createDeployment(1);
    HorizontalPodAutoscaler hpa = new HorizontalPodAutoscalerBuilder()
        .withNewMetadata().withName("keda-hpa-" + NAME).withNamespace(OperatorHarness.NS).endMetadata()
        .withNewSpec().withMinReplicas(1).withMaxReplicas(4)
        .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(NAME).endScaleTargetRef()
        .endSpec().build();
    h.client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(OperatorHarness.NS).resource(hpa).create();
    String before = h.deploymentResourceVersion(NAME);
    createPolicy(p -> {});
    await().atMost(WAIT).until(() -> {
      var got = h.client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(OperatorHarness.NS)
          .withName("keda-hpa-" + NAME).get().getSpec();
      return got.getMinReplicas() == 3 && got.getMaxReplicas() == 18;
    });
    assertThat(h.replicas(NAME)).isEqualTo(1);
    assertThat(h.deploymentResourceVersion(NAME)).isEqualTo(before);
    assertThat(replicasOrZero(SPOT)).isEqualTo(2);
    var status = h.awaitReconciled(NAME).getStatus();
    assertThat(status.hpa.name).isEqualTo("keda-hpa-" + NAME);
    assertThat(status.hpa.minReplicas).isEqualTo(3);
    assertThat(h.events()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("HPABoundsChanged");
      assertThat(e.getMessage()).contains("minReplicas 1 -> 3");
    });

    // Deleting the policy gives the HPA its own bounds back.
    h.client.resource(h.policy(NAME)).delete();
    await().atMost(WAIT).until(() -> h.policy(NAME) == null);
    var restored = h.client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(OperatorHarness.NS)
        .withName("keda-hpa-" + NAME).get();
    assertThat(restored.getSpec().getMinReplicas()).isEqualTo(1);
    assertThat(restored.getSpec().getMaxReplicas()).isEqualTo(4);
  }

  @Test
  void deletingThePolicyFoldsSpotIntoTheTargetAndRestoresTheBatchSetting() {
    start(KubernetesPlanRealizer.StepHook.NONE);
    h.createDeployment(1);
    // 128 is not allowed: the cap changes at the first reconcile.
    createPolicy(p -> p.getSpec().batch.allowedValues = List.of(32, 64, 256));
    awaitSplit(3, 2);
    await().atMost(WAIT).until(() -> !args(h.deployment(NAME)).contains("128"));

    h.client.resource(h.policy(NAME)).delete();
    await().atMost(WAIT).until(() -> h.policy(NAME) == null);
    assertThat(h.deployment(SPOT)).isNull();
    Deployment target = h.deployment(NAME);
    assertThat(target.getSpec().getReplicas()).isEqualTo(5);
    assertThat(args(target)).containsSubsequence("--max-num-seqs", "128");
    assertThat(target.getMetadata().getAnnotations()).doesNotContainKeys(
        KubernetesPlanRealizer.ANNOTATION_ORIGINAL_BATCH, WorkloadRestore.ANNOTATION_ABSORBED);
    assertThat(h.events()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("WorkloadRestored");
      assertThat(e.getMessage()).contains("moved 2 spot replica(s)").contains("restored --max-num-seqs 128");
    });
  }

  @Test
  void anOperatorStoppedHalfwayConvergesAfterRestartWithNothingDoubledOrLost() {
    AtomicBoolean crashed = new AtomicBoolean();
    start(step -> {
      // Once stopped, stays stopped: JOSDK's retry (or an informer event) must not finish the plan.
      if ("companion".equals(step) || crashed.get()) {
        crashed.set(true);
        throw new IllegalStateException("stopped after the companion step");
      }
    });
    h.createDeployment(1);
    createPolicy(p -> {});
    await().atMost(WAIT).until(crashed::get);
    // Halfway: the companion has its spot replicas, the target is not scaled yet.
    assertThat(replicasOrZero(SPOT)).isEqualTo(2);
    assertThat(h.replicas(NAME)).isEqualTo(1);

    h.restartOperator(KubernetesPlanRealizer.StepHook.NONE);
    awaitSplit(3, 2);
    // Two more decisions after converging: nothing doubled (no second companion, no extra replicas).
    awaitDecisionsAfter(clock.instant(), 2);
    assertThat(h.replicas(NAME) + replicasOrZero(SPOT)).isEqualTo(5);
    assertThat(h.client.apps().deployments().inNamespace(OperatorHarness.NS)
        .withLabel("app.kubernetes.io/managed-by", "costslo").list().getItems()).hasSize(1);
  }

  @Test
  void anOperatorStoppedAfterTheBatchPatchKeepsTheOriginalValueAndConverges() {
    AtomicBoolean crashed = new AtomicBoolean();
    start(step -> {
      // Once stopped, stays stopped: JOSDK's retry (or an informer event) must not finish the plan.
      if ("batch".equals(step) || crashed.get()) {
        crashed.set(true);
        throw new IllegalStateException("stopped after the batch step");
      }
    });
    h.createDeployment(1);
    // 128 is not allowed: the first plan changes the cap, then splits.
    createPolicy(p -> p.getSpec().batch.allowedValues = List.of(32, 64, 256));
    await().atMost(WAIT).until(crashed::get);
    assertThat(h.deployment(SPOT)).isNull();
    assertThat(args(h.deployment(NAME))).doesNotContain("128");

    h.restartOperator(KubernetesPlanRealizer.StepHook.NONE);
    awaitSplit(3, 2);
    assertThat(args(h.deployment(SPOT))).isEqualTo(args(h.deployment(NAME)));
    // Written once, before the first change: the restart did not overwrite it with the new value.
    assertThat(h.deployment(NAME).getMetadata().getAnnotations())
        .containsEntry(KubernetesPlanRealizer.ANNOTATION_ORIGINAL_BATCH, "128");
    assertThat(h.client.apps().deployments().inNamespace(OperatorHarness.NS)
        .withLabel("app.kubernetes.io/managed-by", "costslo").list().getItems()).hasSize(1);
  }

  @Test
  void metricsExposePerPolicySeriesAndDropThemWithThePolicy() throws Exception {
    latencyReported.set(true);
    start(KubernetesPlanRealizer.StepHook.NONE);
    try (OperatorHttpServer http = new OperatorHttpServer(new InetSocketAddress("127.0.0.1", 0),
        () -> h.operator.registry().scrape(), () -> true)) {
      h.createDeployment(1);
      createPolicy(p -> {});
      awaitSplit(3, 2);
      HttpClient client = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + http.port() + "/metrics");
      String labels = "namespace=\"test\",policy=\"llama3-8b\"";
      await().atMost(WAIT).until(() -> scrape(client, uri).contains(
          "costslo_replicas{capacity_type=\"spot\"," + labels + "} 2.0"));
      String body = scrape(client, uri);
      assertThat(body)
          .contains("costslo_replicas{capacity_type=\"on-demand\"," + labels + "} 3.0")
          .contains("costslo_batch_cap{" + labels + "} 128.0")
          .contains("costslo_slo_attainment{" + labels + "} " + MEASURED_ATTAINMENT)
          .containsPattern("costslo_usd_per_hour\\{" + labels + "\\} [1-9]")
          .containsPattern("costslo_usd_per_million_tokens\\{" + labels + "\\} [0-9]")
          .containsPattern("costslo_budget_used_ratio\\{" + labels + "\\} [0-9]")
          .containsPattern("costslo_decisions_total\\{" + labels + ",reason=\"[A-Za-z]+\"\\} [1-9]");

      h.client.resource(h.policy(NAME)).delete();
      await().atMost(WAIT).until(() -> h.policy(NAME) == null);
      await().atMost(WAIT).until(() -> !scrape(client, uri).contains("policy=\"llama3-8b\""));
    }
  }

  private static String scrape(HttpClient client, URI uri) throws Exception {
    return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
