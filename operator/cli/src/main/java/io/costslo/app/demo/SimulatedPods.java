package io.costslo.app.demo;

import io.costslo.sim.endpoint.VllmMetricsEndpoint;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stands in for the kubelet in the closed-loop demo: keeps Running, Ready pods of a Deployment in the
 * embedded API server, each with its own loopback IP (127.0.0.2, 127.0.0.3, ...) and a simulated vLLM
 * metrics endpoint listening there on one free port (written into the policy's metrics port), so the operator's pod scrape reads
 * them exactly as it would read real pods.
 */
public final class SimulatedPods implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private final int port;
  private final Clock clock;
  private final Map<String, Map<String, VllmMetricsEndpoint>> byDeployment = new HashMap<>();
  private final Deque<Integer> freeAddresses = new ArrayDeque<>();
  private int nextAddress = 2;
  private final Map<String, Integer> addressOf = new HashMap<>();
  private int roundRobin;

  /** Pods listen on one port the kernel picked as free (never a fixed one: other runs may hold it). */
  public SimulatedPods(KubernetesClient client, String namespace, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.port = freePort();
    this.clock = clock;
  }

  /** The port every simulated pod's metrics endpoint listens on; the policy's metrics.port must say it. */
  public int port() {
    return port;
  }

  private static int freePort() {
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getByName(ip(2)))) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port for the simulated pods", e);
    }
  }

  /**
   * Shows a spot disruption the way the kubelet does: a Failed pod of the spot companion with
   * condition DisruptionTarget at the time it happened (one marker pod per companion, moved forward).
   */
  public void disrupted(Deployment companion, java.time.Instant at) {
    String name = companion.getMetadata().getName() + "-disrupted";
    client.pods().inNamespace(namespace).withName(name).delete();
    Pod marker = new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(companion.getSpec().getTemplate().getMetadata().getLabels())
        .withCreationTimestamp(at.toString())
        .endMetadata()
        .withSpec(companion.getSpec().getTemplate().getSpec())
        .withNewStatus()
        .withPhase("Failed")
        .withReason("Preempted")
        .addNewCondition().withType("DisruptionTarget").withStatus("True").withLastTransitionTime(at.toString())
        .endCondition()
        .endStatus()
        .build();
    client.pods().inNamespace(namespace).resource(marker).create();
  }

  /** Makes the deployment have exactly {@code ready} ready pods: newest removed first, new ones appended. */
  public void sync(Deployment deployment, int ready) {
    String name = deployment.getMetadata().getName();
    Map<String, VllmMetricsEndpoint> pods = byDeployment.computeIfAbsent(name, k -> new LinkedHashMap<>());
    while (pods.size() > ready) {
      String last = new ArrayList<>(pods.keySet()).get(pods.size() - 1);
      pods.remove(last).close();
      client.pods().inNamespace(namespace).withName(last).delete();
      freeAddresses.push(addressOf.remove(last));
    }
    int index = 0;
    while (pods.size() < ready) {
      String pod = name + "-sim-" + Long.toString(clock.millis(), 36) + "-" + index++;
      if (pods.containsKey(pod)) {
        continue;
      }
      int address = freeAddresses.isEmpty() ? nextAddress++ : freeAddresses.pop();
      String ip = ip(address);
      try {
        pods.put(pod, VllmMetricsEndpoint.start(new InetSocketAddress(InetAddress.getByName(ip), port), name,
            VllmMetricsEndpoint.Naming.V1, clock));
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on " + ip + ":" + port, e);
      }
      addressOf.put(pod, address);
      client.pods().inNamespace(namespace).resource(pod(deployment, pod, ip)).create();
    }
  }

  /** Every endpoint of every deployment, for gauges. */
  public List<VllmMetricsEndpoint> all() {
    List<VllmMetricsEndpoint> out = new ArrayList<>();
    byDeployment.values().forEach(m -> out.addAll(m.values()));
    return out;
  }

  /** The endpoint the next finished request is counted on, as a round-robin load balancer would. */
  public VllmMetricsEndpoint next() {
    List<VllmMetricsEndpoint> all = all();
    if (all.isEmpty()) {
      return null;
    }
    return all.get(Math.floorMod(roundRobin++, all.size()));
  }

  private Pod pod(Deployment d, String name, String ip) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(d.getSpec().getTemplate().getMetadata().getLabels())
        .endMetadata()
        .withSpec(d.getSpec().getTemplate().getSpec())
        .withNewStatus()
        .withPhase("Running")
        .withPodIP(ip)
        .addNewCondition().withType("Ready").withStatus("True").endCondition()
        .endStatus()
        .build();
  }

  static String ip(int n) {
    if (n < 2 || n > 65_000) {
      throw new IllegalStateException("out of simulated pod addresses");
    }
    return "127.0." + (n / 254) + "." + (n % 254 + 1);
  }

  @Override
  public void close() {
    byDeployment.values().forEach(m -> m.values().forEach(VllmMetricsEndpoint::close));
    byDeployment.clear();
  }
}
