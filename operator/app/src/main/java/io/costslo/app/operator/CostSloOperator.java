package io.costslo.app.operator;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.app.policy.PolicyMapper;
import io.costslo.core.cost.BuiltInPrices;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;

/**
 * The one place that builds the operator from Kubernetes implementations (Flink's
 * AutoscalerFactory): `costslo run`, `costslo demo` and the tests all start it through here.
 */
public final class CostSloOperator implements AutoCloseable {
  /** Sent on every API request, so audit logs (and the RBAC test) can tell the operator's calls apart. */
  public static final String USER_AGENT = "costslo-operator/0.1.0";

  private final Operator operator;
  private final PrometheusMeterRegistry registry;
  private final InferenceCostPolicyReconciler reconciler;

  private CostSloOperator(Operator operator, PrometheusMeterRegistry registry, InferenceCostPolicyReconciler reconciler) {
    this.operator = operator;
    this.registry = registry;
    this.reconciler = reconciler;
  }

  /** The JDK HTTP client: two factories are on the classpath, and Fabric8 would pick one at random. */
  static final io.fabric8.kubernetes.client.http.HttpClient.Factory HTTP_CLIENTS =
      new io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory();

  /** A client for the operator: the given connection settings with CostSLO's user agent. */
  public static KubernetesClient client(io.fabric8.kubernetes.client.Config config) {
    return new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(config).withUserAgent(USER_AGENT).build())
        .withHttpClientFactory(HTTP_CLIENTS)
        .build();
  }

  public static CostSloOperator create(KubernetesClient client, OperatorSettings settings, Clock clock) {
    return create(client, settings, clock,
        new KubernetesMetricsSources(client, clock, settings, io.costslo.app.metrics.MetricsHttp.shared()));
  }

  /** As above with another metrics source, for tests and the closed-loop demo. */
  public static CostSloOperator create(KubernetesClient client, OperatorSettings settings, Clock clock,
      MetricsSourceFactory metricsSources) {
    return create(client, settings, clock, metricsSources, KubernetesPlanRealizer.StepHook.NONE);
  }

  /** As above with a hook after each actuation step, for tests that stop the operator halfway. */
  static CostSloOperator create(KubernetesClient client, OperatorSettings settings, Clock clock,
      MetricsSourceFactory metricsSources, KubernetesPlanRealizer.StepHook hook) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          // Server-side apply is not needed for a status patch; merge patches also work on test servers.
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false);
      if (settings.leaderElection()) {
        o.withLeaderElectionConfiguration(settings.leaseNamespace() == null
            ? new LeaderElectionConfiguration(settings.leaseName())
            : new LeaderElectionConfiguration(settings.leaseName(), settings.leaseNamespace()));
      }
    });
    InferenceCostPolicyReconciler reconciler = new InferenceCostPolicyReconciler(client, new PolicyMapper(),
        metricsSources, new BuiltInPrices(), new EventRecorder(client, clock, settings.eventSuppression()),
        new OperatorMetrics(registry), settings, clock, hook);
    operator.register(reconciler, c -> {
      if (settings.namespaces().isEmpty()) {
        c.watchingAllNamespaces();
      } else {
        c.settingNamespaces(settings.namespaces());
      }
    });
    return new CostSloOperator(operator, registry, reconciler);
  }

  public void start() {
    operator.start();
  }

  public boolean isStarted() {
    return operator.getRuntimeInfo().isStarted();
  }

  public boolean isHealthy() {
    return isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public Class<InferenceCostPolicy> primaryType() {
    return InferenceCostPolicy.class;
  }

  @Override
  public void close() {
    operator.stop();
    registry.close();
  }
}
