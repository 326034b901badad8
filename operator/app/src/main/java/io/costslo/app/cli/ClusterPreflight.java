package io.costslo.app.cli;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.app.operator.CostSloOperator;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * What {@code costslo run} checks before it starts informers (which would retry for tens of seconds and
 * log nested exceptions): a kubeconfig or service account, an API server that answers, the CRD installed.
 * Each problem is one {@link CliInputException} line with the fix; the checks take seconds at most.
 */
final class ClusterPreflight {
  static final int TIMEOUT_MS = 5_000;

  private ClusterPreflight() {}

  /** @param namespace a watched namespace to list policies in, or empty for all namespaces */
  static void check(Config config, boolean inCluster, Optional<String> namespace) {
    if (config.getFile() == null && !inCluster && isDefaultMaster(config.getMasterUrl())) {
      throw new CliInputException("no kubeconfig found (KUBECONFIG, ~/.kube/config) and not running in a pod;"
          + " set KUBECONFIG or run `kubectl config use-context` first");
    }
    Config quick = new ConfigBuilder(config).withRequestTimeout(TIMEOUT_MS).withConnectionTimeout(TIMEOUT_MS)
        .withRequestRetryBackoffLimit(0).build();
    try (KubernetesClient client = CostSloOperator.client(quick)) {
      try {
        client.getKubernetesVersion();
      } catch (KubernetesClientException e) {
        if (e.getCode() <= 0) {
          throw new CliInputException("cannot reach the API server at " + config.getMasterUrl() + " ("
              + rootMessage(e) + "); check the kubeconfig's current context and that the cluster is up");
        }
        // An answer of any status (401/403 on /version) means the server is there; the list below decides.
      }
      try {
        var policies = client.resources(InferenceCostPolicy.class);
        var options = new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1L).build();
        if (namespace.isPresent()) {
          policies.inNamespace(namespace.get()).list(options);
        } else {
          policies.inAnyNamespace().list(options);
        }
      } catch (KubernetesClientException e) {
        throw new CliInputException(switch (e.getCode()) {
          case 404 -> "the InferenceCostPolicy CRD (inferencecostpolicies.costslo.io) is not installed;"
              + " install the chart (crds.install=true) or kubectl apply -f crds/";
          case 401 -> "the API server at " + config.getMasterUrl() + " refused the credentials (401);"
              + " refresh the kubeconfig's token or client certificate";
          case 403 -> "not allowed to list inferencecostpolicies.costslo.io (403); grant the operator's RBAC"
              + " (the chart's ClusterRole) to this user or service account";
          case 0, -1 -> "cannot reach the API server at " + config.getMasterUrl() + " (" + rootMessage(e)
              + "); check the kubeconfig's current context and that the cluster is up";
          default -> "listing inferencecostpolicies.costslo.io failed (HTTP " + e.getCode() + ": "
              + CliErrors.oneLine(e.getMessage()) + "); check the API server";
        }, e);
      }
    }
  }

  private static boolean isDefaultMaster(String url) {
    return url == null || url.startsWith("https://kubernetes.default.svc");
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return CliErrors.oneLine(c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage()));
  }
}
