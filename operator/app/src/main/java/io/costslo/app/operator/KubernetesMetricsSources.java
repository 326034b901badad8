package io.costslo.app.operator;

import io.costslo.api.v1alpha1.Durations;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.MetricsSpec;
import io.costslo.api.v1alpha1.PrometheusSpec;
import io.costslo.app.metrics.Engine;
import io.costslo.app.metrics.PodScrapeMetricsSource;
import io.costslo.app.metrics.PrometheusMetricsSource;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Metrics sources backed by the cluster: pod scrape by default, Prometheus when configured. */
public final class KubernetesMetricsSources implements MetricsSourceFactory {
  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, Cached> byPolicy = new ConcurrentHashMap<>();

  private record Cached(String settings, MetricsSource source) {}

  public KubernetesMetricsSources(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public MetricsSource sourceFor(InferenceCostPolicy policy, Deployment target) {
    MetricsSpec spec = policy.getSpec().metrics != null ? policy.getSpec().metrics : new MetricsSpec();
    String settings = Serialization.asJson(spec) + "|" + target.getMetadata().getUid();
    Cached cached = byPolicy.compute(policy.getMetadata().getUid(), (uid, old) ->
        old != null && old.settings().equals(settings) ? old : new Cached(settings, create(policy, spec, target)));
    return cached.source();
  }

  @Override
  public void forget(String policyUid) {
    byPolicy.remove(policyUid);
  }

  private MetricsSource create(InferenceCostPolicy policy, MetricsSpec spec, Deployment target) {
    Engine engine = engine(spec.engine);
    Duration maxAge = Durations.parse(spec.maxAge);
    String ns = policy.getMetadata().getNamespace();
    if ("Prometheus".equals(spec.source)) {
      return prometheus(ns, spec.prometheus, engine, maxAge);
    }
    Map<String, String> selector = target.getSpec().getSelector().getMatchLabels();
    return new PodScrapeMetricsSource(() -> readyPodEndpoints(ns, selector, spec.port, spec.path),
        new PodScrapeMetricsSource.Settings(engine, Duration.ofSeconds(2), Duration.ofSeconds(5), maxAge), clock);
  }

  private MetricsSource prometheus(String ns, PrometheusSpec p, Engine engine, Duration maxAge) {
    PrometheusMetricsSource.Settings settings = PrometheusMetricsSource.Settings.of(URI.create(p.url), engine)
        .withTimeouts(Duration.ofSeconds(5), Durations.parse(p.timeout))
        .withMaxSampleAge(maxAge);
    try {
      if (p.bearerTokenSecretRef != null) {
        settings = settings.withBearerToken(secretValue(ns, p.bearerTokenSecretRef).trim());
      }
      if (p.caSecretRef != null) {
        settings = settings.withCaCertificatePem(secretValue(ns, p.caSecretRef));
      }
    } catch (IllegalStateException e) {
      // A missing Secret is a metrics failure the cycle holds on, not a crash.
      String message = e.getMessage();
      return query -> {
        throw new MetricsUnavailableException("SecretUnavailable", message);
      };
    }
    return new PrometheusMetricsSource(settings, clock);
  }

  private String secretValue(String ns, PrometheusSpec.SecretKeyRef ref) {
    Secret secret = client.secrets().inNamespace(ns).withName(ref.name).get();
    if (secret == null || secret.getData() == null || !secret.getData().containsKey(ref.key)) {
      throw new IllegalStateException("spec.metrics.prometheus: Secret " + ns + "/" + ref.name + " has no key '"
          + ref.key + "'; create it or fix the secret reference");
    }
    return new String(Base64.getDecoder().decode(secret.getData().get(ref.key)), StandardCharsets.UTF_8);
  }

  /** Ready pods of the target, as scrape URIs. */
  private List<String> readyPodEndpoints(String ns, Map<String, String> selector, int port, String path) {
    return client.pods().inNamespace(ns).withLabels(selector).list().getItems().stream()
        .filter(KubernetesMetricsSources::ready)
        .map(pod -> "http://" + pod.getStatus().getPodIP() + ":" + port + path)
        .sorted()
        .toList();
  }

  static boolean ready(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getPodIP() == null || pod.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    return pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  public static Engine engine(String name) {
    return switch (name == null ? "vLLM" : name) {
      case "TGI" -> Engine.TGI;
      case "SGLang" -> Engine.SGLANG;
      default -> Engine.VLLM;
    };
  }
}
