package io.costslo.app.cli;

import io.costslo.app.operator.CostSloOperator;
import io.costslo.app.operator.OperatorHttpServer;
import io.costslo.app.operator.OperatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the operator against the current kubeconfig (or in-cluster service account).")
public class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--namespaces", split = ",", paramLabel = "NS",
      description = "Namespaces to watch, comma-separated. Default: all namespaces.")
  List<String> namespaces = List.of();

  @Option(names = "--http-address", defaultValue = "0.0.0.0", description = "Address for /metrics, /healthz, /readyz. Default: ${DEFAULT-VALUE}.")
  String httpAddress;

  @Option(names = "--http-port", defaultValue = "8080", description = "Port for /metrics, /healthz, /readyz. Default: ${DEFAULT-VALUE}.")
  int httpPort;

  @Option(names = "--metrics-allowed-hosts", split = ",", paramLabel = "HOST",
      description = "Hosts a policy's Prometheus URL may name (exact or *.suffix), comma-separated. Empty: any host,"
          + " and no credential from a Secret is ever sent.")
  List<String> metricsAllowedHosts = List.of();

  @Option(names = "--leader-election", description = "Take a Lease before reconciling, for more than one operator replica.")
  boolean leaderElection;

  @Option(names = "--lease-name", defaultValue = "costslo-operator-lease", description = "Lease name. Default: ${DEFAULT-VALUE}.")
  String leaseName;

  @Option(names = "--lease-namespace", description = "Lease namespace. Default: the operator's own namespace.")
  String leaseNamespace;

  @Option(names = "--event-suppression", defaultValue = "10m", paramLabel = "DURATION",
      description = "Write an identical event on a policy at most once per this interval (e.g. 10m). Default: ${DEFAULT-VALUE}.")
  Duration eventSuppression;

  @Option(names = "--skip-preflight", description = "Start without checking the kubeconfig, the API server and the CRD.")
  boolean skipPreflight;

  @Override
  public Integer call() throws Exception {
    OperatorSettings settings = new OperatorSettings(new LinkedHashSet<>(namespaces), leaderElection, leaseName,
        leaseNamespace, eventSuppression).withMetricsAllowedHosts(new LinkedHashSet<>(metricsAllowedHosts));
    Checks.atLeast(spec, "--http-port", httpPort, 0);
    io.fabric8.kubernetes.client.Config config = io.fabric8.kubernetes.client.Config.autoConfigure(null);
    if (!skipPreflight) {
      ClusterPreflight.check(config, System.getenv("KUBERNETES_SERVICE_HOST") != null,
          namespaces.stream().findFirst());
    }
    KubernetesClient client = CostSloOperator.client(config);
    CostSloOperator operator = CostSloOperator.create(client, settings, Clock.systemUTC());
    OperatorHttpServer http = new OperatorHttpServer(new InetSocketAddress(httpAddress, httpPort),
        operator.registry()::scrape, operator::isHealthy);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      http.close();
      operator.close();
      client.close();
      stopped.countDown();
    }, "costslo-shutdown"));
    operator.start();
    System.out.printf("costslo operator started; namespaces=%s leaderElection=%s http=%s:%d%n",
        namespaces.isEmpty() ? "all" : namespaces, leaderElection, httpAddress, http.port());
    stopped.await();
    return 0;
  }
}
