package io.costslo.app.cli;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.app.operator.CostSloOperator;
import io.costslo.app.operator.EmbeddedCluster;
import io.costslo.app.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "The embedded default: an in-process Kubernetes API with examples/ applied, and the same operator"
        + " as `costslo run` reconciling it. Needs no cluster.")
public class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--examples", paramLabel = "DIR", description = "Directory of YAML to apply. Default: the bundled examples/.")
  Path examples;

  @Option(names = "--namespace", defaultValue = "demo", description = "Namespace to apply the examples in. Default: ${DEFAULT-VALUE}.")
  String namespace;

  @Option(names = "--timeout", defaultValue = "PT60S", description = "How long to wait for every policy to be reconciled (ISO-8601). Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
      KubernetesClient client = cluster.client();
      out.printf("Embedded Kubernetes API at %s (mock server, CRUD mode)%n", client.getMasterUrl());
      for (Map.Entry<String, String> e : Examples.load(examples).entrySet()) {
        var items = cluster.apply(Examples.stream(e.getValue()), namespace);
        out.printf("applied %s: %s%n", e.getKey(),
            items.stream().map(i -> i.getKind() + "/" + i.getMetadata().getName()).toList());
      }
      Map<String, Integer> before = replicas(client);
      try (KubernetesClient operatorClient = CostSloOperator.client(client.getConfiguration());
          CostSloOperator operator = CostSloOperator.create(operatorClient,
          new OperatorSettings(java.util.Set.of(namespace), false, null, null, Duration.ofMinutes(10)),
          Clock.systemUTC())) {
        operator.start();
        boolean done = awaitReconciled(client, timeout);
        report(out, client, before);
        if (!done) {
          out.printf("not every policy was reconciled within %s%n", timeout);
          return 1;
        }
      }
    }
    out.flush();
    return 0;
  }

  private boolean awaitReconciled(KubernetesClient client, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      List<InferenceCostPolicy> policies = client.resources(InferenceCostPolicy.class).inNamespace(namespace).list().getItems();
      boolean all = policies.stream().allMatch(p -> p.getStatus() != null && p.getStatus().observedGeneration != null
          && p.getStatus().observedGeneration.equals(p.getMetadata().getGeneration()));
      if (all) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  private Map<String, Integer> replicas(KubernetesClient client) {
    Map<String, Integer> m = new java.util.TreeMap<>();
    for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
      m.put(d.getMetadata().getName(), d.getSpec().getReplicas());
    }
    return m;
  }

  private void report(PrintWriter out, KubernetesClient client, Map<String, Integer> before) {
    out.println();
    out.println("Deployments (replicas before -> after):");
    replicas(client).forEach((name, after) -> out.printf("  %-24s %s -> %s%n", name, before.get(name), after));
    out.println("Policies:");
    for (InferenceCostPolicy p : client.resources(InferenceCostPolicy.class).inNamespace(namespace).list().getItems()) {
      out.printf("  %s (target %s, mode %s)%n", p.getMetadata().getName(), p.getSpec().targetRef.name, p.getSpec().mode);
      if (p.getStatus() == null) {
        out.println("    no status yet");
        continue;
      }
      if (p.getStatus().recommendedPlan != null) {
        out.printf("    plan: %d replicas, %s: %s%n", p.getStatus().recommendedPlan.replicas,
            p.getStatus().recommendedPlan.reason, p.getStatus().recommendedPlan.message);
      }
      for (Condition c : p.getStatus().conditions) {
        out.printf("    %-16s %-7s %-18s %s%n", c.getType(), c.getStatus(), c.getReason(), c.getMessage());
      }
    }
    out.println("Events:");
    client.v1().events().inNamespace(namespace).list().getItems().stream()
        .sorted(Comparator.comparing(Event::getLastTimestamp, Comparator.nullsFirst(Comparator.naturalOrder())))
        .forEach(e -> out.printf("  %-8s %-18s %s/%s: %s%n", e.getType(), e.getReason(),
            e.getInvolvedObject().getKind(), e.getInvolvedObject().getName(), e.getMessage()));
  }
}
