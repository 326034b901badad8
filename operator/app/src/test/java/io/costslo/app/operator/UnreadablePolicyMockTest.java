package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.app.cli.Examples;
import io.costslo.app.policy.PolicyFiles;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A stored policy whose values do not fit the Java classes (the CRUD mock server, like an API server
 * without the CRD's schema, stores them as written): the informer keeps running, the operator keeps
 * reconciling the other policies, and the bad policy's workload is untouched.
 */
class UnreadablePolicyMockTest {
  private OperatorHarness h;

  @BeforeEach
  void start() {
    h = new OperatorHarness();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("int overflow", (Consumer<ObjectNode>) spec ->
            ((ObjectNode) spec.get("replicas")).put("max", 3_000_000_000L), "spec.replicas.max", false),
        Arguments.of("string for a number", (Consumer<ObjectNode>) spec ->
            ((ObjectNode) spec.get("replicas")).put("min", "two"), "spec.replicas.min", false),
        Arguments.of("object for a string", (Consumer<ObjectNode>) spec ->
            spec.putObject("mode").put("x", 1), "spec.mode", false),
        Arguments.of("unknown field", (Consumer<ObjectNode>) spec ->
            ((ObjectNode) spec.get("targetRef")).put("namespace", "other"), "spec.targetRef.namespace", true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aBadPolicyStopsNothing(String name, Consumer<ObjectNode> spoil, String field, boolean readable) throws Exception {
    Deployment badTarget = deployment("bad-target", 1);
    String before = badTarget.getMetadata().getResourceVersion();
    createRaw("bad", "bad-target", spoil);

    // A good policy created after the bad one is still reconciled: the informer did not stop.
    deployment("good-target", 1);
    createRaw("good", "good-target", spec -> {});
    h.awaitReconciled("good");
    assertThat(h.replicas("good-target")).isEqualTo(2);
    assertThat(h.operator.isHealthy()).isTrue();

    if (readable) {
      // An unknown field is ignored (with a logged warning): the policy works.
      h.awaitReconciled("bad");
      assertThat(h.condition("bad", Conditions.READY).getStatus()).isEqualTo("True");
      return;
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      Condition ready = readyOf("bad");
      return ready != null && "InvalidSpec".equals(ready.getReason());
    });
    Condition ready = readyOf("bad");
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage()).contains(field);
    assertThat(h.events()).anySatisfy(e -> {
      assertThat(e.getInvolvedObject().getName()).isEqualTo("bad");
      assertThat(e.getMessage()).contains(field);
    });
    assertThat(h.deploymentResourceVersion("bad-target")).isEqualTo(before);
    // The stored spec is the user's: the operator did not write it back without the bad value.
    GenericKubernetesResource stored = h.client.genericKubernetesResources("costslo.io/v1alpha1", "InferenceCostPolicy")
        .inNamespace(OperatorHarness.NS).withName("bad").get();
    assertThat(stored.getAdditionalProperties().get("spec")).isInstanceOfSatisfying(java.util.Map.class,
        spec -> assertThat(spec).containsKeys("replicas", "targetRef", "capacity"));
  }

  private Deployment deployment(String name, int replicas) {
    Deployment d = h.client.load(Examples.stream(Examples.load(null).get(OperatorHarness.DEPLOYMENT_FILE))).items()
        .stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst().orElseThrow();
    d.getMetadata().setNamespace(OperatorHarness.NS);
    d.getMetadata().setName(name);
    d.getSpec().setReplicas(replicas);
    return h.client.resource(d).inNamespace(OperatorHarness.NS).create();
  }

  /** The example policy as raw JSON, changed, stored without going through the Java classes. */
  private void createRaw(String name, String target, Consumer<ObjectNode> spoil) throws Exception {
    JsonNode doc = PolicyFiles.documents(Examples.load(null).get(OperatorHarness.POLICY_FILE)).stream()
        .filter(d -> "InferenceCostPolicy".equals(d.path("kind").asText())).findFirst().orElseThrow();
    ObjectNode policy = (ObjectNode) doc.deepCopy();
    ObjectNode meta = (ObjectNode) policy.get("metadata");
    meta.put("name", name);
    meta.put("namespace", OperatorHarness.NS);
    ObjectNode spec = (ObjectNode) policy.get("spec");
    ((ObjectNode) spec.get("targetRef")).put("name", target);
    spec.put("mode", "Enforce"); // the example ships in Recommend mode
    spoil.accept(spec);
    GenericKubernetesResource raw = h.client.getKubernetesSerialization()
        .unmarshal(policy.toString(), GenericKubernetesResource.class);
    h.client.genericKubernetesResources("costslo.io/v1alpha1", "InferenceCostPolicy")
        .inNamespace(OperatorHarness.NS).resource(raw).create();
  }

  private Condition readyOf(String name) {
    InferenceCostPolicy p = h.policy(name);
    return p == null || p.getStatus() == null ? null : Conditions.find(p.getStatus().conditions, Conditions.READY);
  }
}
