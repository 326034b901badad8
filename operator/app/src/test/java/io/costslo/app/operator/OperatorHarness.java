package io.costslo.app.operator;

import static org.awaitility.Awaitility.await;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.app.cli.Examples;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** An embedded API server with the real operator running against it, for *MockTest classes. */
final class OperatorHarness implements AutoCloseable {
  static final String NS = "test";
  static final String DEPLOYMENT_FILE = "vllm-llama3-8b-h100.yaml";
  static final String POLICY_FILE = "llama3-8b-cost-policy.yaml";

  final EmbeddedCluster cluster;
  final KubernetesClient client;
  final KubernetesClient operatorClient;
  private final OperatorSettings settings;
  private final MetricsSourceFactory metrics;
  private final Clock clock;
  CostSloOperator operator;

  OperatorHarness() {
    this(new OperatorSettings(Set.of(NS), false, null, null, Duration.ofMinutes(10)));
  }

  OperatorHarness(OperatorSettings settings) {
    this(settings, null);
  }

  /** @param metrics metrics sources for the policies; null reads the (absent) pods as in a cluster */
  OperatorHarness(OperatorSettings settings, MetricsSourceFactory metrics) {
    this(settings, metrics, Clock.systemUTC(), KubernetesPlanRealizer.StepHook.NONE);
  }

  /** @param hook called after each actuation step; throw from it to stop the operator halfway */
  OperatorHarness(OperatorSettings settings, MetricsSourceFactory metrics, Clock clock,
      KubernetesPlanRealizer.StepHook hook) {
    this.settings = settings;
    this.metrics = metrics;
    this.clock = clock;
    cluster = EmbeddedCluster.start();
    client = cluster.client();
    operatorClient = CostSloOperator.client(client.getConfiguration());
    operator = create(hook);
    operator.start();
  }

  /** Settings that watch the test namespace only. */
  static OperatorSettings testSettings() {
    return new OperatorSettings(Set.of(NS), false, null, null, Duration.ofMinutes(10));
  }

  private CostSloOperator create(KubernetesPlanRealizer.StepHook hook) {
    return metrics == null
        ? CostSloOperator.create(operatorClient, settings, clock)
        : CostSloOperator.create(operatorClient, settings, clock, metrics, hook);
  }

  /** Stops the operator and starts a new one on the same API server, as a pod restart would. */
  void restartOperator(KubernetesPlanRealizer.StepHook hook) {
    operator.close();
    operator = create(hook);
    operator.start();
  }

  Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NS).withName(name).get();
  }

  /** The example Deployment, with its replicas set. */
  Deployment createDeployment(int replicas) {
    Deployment d = client.load(Examples.stream(Examples.load(null).get(DEPLOYMENT_FILE))).items().stream()
        .filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst().orElseThrow();
    d.getMetadata().setNamespace(NS);
    d.getSpec().setReplicas(replicas);
    return client.resource(d).inNamespace(NS).create();
  }

  /** The example policy in Enforce mode (the example ships in Recommend), changed by the caller before it is created. */
  InferenceCostPolicy createPolicy(Consumer<InferenceCostPolicy> change) {
    InferenceCostPolicy p = client.resources(InferenceCostPolicy.class)
        .load(Examples.stream(Examples.load(null).get(POLICY_FILE))).item();
    p.getMetadata().setNamespace(NS);
    p.getSpec().mode = "Enforce";
    change.accept(p);
    return client.resource(p).inNamespace(NS).create();
  }

  InferenceCostPolicy policy(String name) {
    return client.resources(InferenceCostPolicy.class).inNamespace(NS).withName(name).get();
  }

  int replicas(String deployment) {
    return client.apps().deployments().inNamespace(NS).withName(deployment).get().getSpec().getReplicas();
  }

  String deploymentResourceVersion(String deployment) {
    return client.apps().deployments().inNamespace(NS).withName(deployment).get().getMetadata().getResourceVersion();
  }

  /** Waits until the operator has written a status for the policy's current generation. */
  InferenceCostPolicy awaitReconciled(String name) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
      InferenceCostPolicy p = policy(name);
      return p != null && p.getStatus() != null && p.getStatus().observedGeneration != null
          && p.getStatus().observedGeneration.equals(p.getMetadata().getGeneration())
          && Conditions.find(p.getStatus().conditions, Conditions.READY) != null;
    });
    return policy(name);
  }

  Condition condition(String policy, String type) {
    return Conditions.find(policy(policy).getStatus().conditions, type);
  }

  List<Event> events() {
    return client.v1().events().inNamespace(NS).list().getItems();
  }

  @Override
  public void close() {
    operator.close();
    operatorClient.close();
    cluster.close();
  }
}
