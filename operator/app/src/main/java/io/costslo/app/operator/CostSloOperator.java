package io.costslo.app.operator;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.app.policy.PolicyMapper;
import io.costslo.app.quota.CatalogPriceSource;
import io.costslo.app.quota.ChargebackMetrics;
import io.costslo.app.quota.ClusterCostQuotaReconciler;
import io.costslo.app.quota.CostQuotaReconciler;
import io.costslo.app.quota.QuotaBook;
import io.costslo.app.quota.QuotaPolicyHook;
import io.costslo.core.cost.BuiltInPrices;
import io.costslo.core.cost.PriceSource;
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
  public static final String USER_AGENT = "costslo-operator/" + BuildInfo.VERSION;

  private final Operator operator;
  private final PrometheusMeterRegistry registry;
  private final InferenceCostPolicyReconciler reconciler;

  private final java.util.List<AutoCloseable> binders;

  private CostSloOperator(Operator operator, PrometheusMeterRegistry registry, InferenceCostPolicyReconciler reconciler,
      java.util.List<AutoCloseable> binders) {
    this.operator = operator;
    this.registry = registry;
    this.reconciler = reconciler;
    this.binders = binders;
  }

  private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  /**
   * With one or two cores the JVM's common pool has parallelism 1, and CompletableFuture then runs each
   * async step on a new thread; the JDK HTTP client hands every response to one, so each API request
   * started and ended a thread (about 65 a second at the load benchmark's first statuses). Two workers
   * make it a pool. Takes effect only before the common pool is first used: call it first in main;
   * a value set on the command line wins.
   */
  public static void sizeCommonPool() {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(COMMON_POOL_PARALLELISM, "2");
    }
  }

  /**
   * The JDK HTTP client (two factories are on the classpath, and Fabric8 would pick one at random), on
   * a fixed pool: left to itself the JDK client runs its callbacks on a cached pool that grows with the
   * requests in flight (about 50 threads at 5,000 policies' first reconciles), so the thread count
   * followed the policy count. Its callbacks only complete futures and hand bodies on, so a few
   * threads keep up.
   */
  static final io.fabric8.kubernetes.client.http.HttpClient.Factory HTTP_CLIENTS =
      new io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory() {
        @Override
        protected void additionalConfig(java.net.http.HttpClient.Builder builder) {
          builder.executor(HTTP_CALLBACKS);
        }
      };

  private static final int HTTP_CALLBACK_THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  private static final java.util.concurrent.ExecutorService HTTP_CALLBACKS =
      java.util.concurrent.Executors.newFixedThreadPool(HTTP_CALLBACK_THREADS, r -> {
        Thread t = new Thread(r, "costslo-api-http");
        t.setDaemon(true);
        return t;
      });

  /** Named in managedFields on every write the operator makes. */
  public static final String FIELD_MANAGER = FieldManager.NAME;

  /** A client for the operator: the given connection settings with CostSLO's user agent and field manager. */
  public static KubernetesClient client(io.fabric8.kubernetes.client.Config config) {
    return new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(config).withUserAgent(USER_AGENT).build())
        .withHttpClientFactory(HTTP_CLIENTS)
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor(FieldManager.NAME, new FieldManager()))
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
    OperatorMetrics metrics = new OperatorMetrics(registry);
    metrics.buildInfo(BuildInfo.VERSION);
    java.util.List<AutoCloseable> binders = BuildInfo.bindJvmMetrics(registry);
    Operator operator = new Operator(o -> {
      // JOSDK's own reconcile metrics, aggregated per controller (per-resource series would grow with policies).
      o.withMetrics(io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics.withoutPerResourceMetrics(registry));
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
    // Cluster-scoped kinds (PriceCatalog, ClusterCostQuota) only when watching all namespaces: a
    // namespaced install has no cluster-wide RBAC.
    boolean clusterWide = settings.namespaces().isEmpty();
    PriceSource prices = clusterWide ? new CatalogPriceSource(client, clock) : new BuiltInPrices();
    EventRecorder events = new EventRecorder(client, clock, settings.eventSuppression());
    InferenceCostPolicyReconciler reconciler = new InferenceCostPolicyReconciler(client, new PolicyMapper(),
        metricsSources, prices, events, metrics, settings, clock, hook);
    QuotaBook quotas = new QuotaBook(clock);
    ChargebackMetrics chargeback = new ChargebackMetrics(registry);
    reconciler.useQuotas(new QuotaPolicyHook(quotas, prices, chargeback));
    java.util.function.Consumer<io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider<?>> scope = c -> {
      if (settings.namespaces().isEmpty()) {
        c.watchingAllNamespaces();
      } else {
        c.settingNamespaces(settings.namespaces());
      }
    };
    operator.register(reconciler, scope::accept);
    operator.register(new CostQuotaReconciler(client, quotas, events, chargeback, settings, clock), scope::accept);
    if (clusterWide) {
      operator.register(new ClusterCostQuotaReconciler(client, quotas, events, chargeback, settings, clock));
    }
    return new CostSloOperator(operator, registry, reconciler, binders);
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
    for (AutoCloseable b : binders) {
      try {
        b.close();
      } catch (Exception e) {
        // A metrics binder that fails to close leaves nothing a restart would need.
      }
    }
    registry.close();
  }
}
