package io.costslo.app.operator;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.InferenceCostPolicySpec;
import io.costslo.api.v1alpha1.MetricsSpec;
import io.costslo.api.v1alpha1.PrometheusSpec;
import io.costslo.api.v1alpha1.SafeText;
import io.costslo.app.metrics.Engine;
import io.costslo.app.metrics.MetricsHttp;
import io.costslo.app.metrics.PodScrapeMetricsSource;
import io.costslo.app.metrics.PrometheusMetricsSource;
import io.costslo.app.policy.InvalidPolicyException;
import io.costslo.app.policy.MetricsAddressRules;
import io.costslo.app.policy.PolicyMapper;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.units.Durations;
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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Metrics sources backed by the cluster: pod scrape by default, Prometheus when configured. All
 * share one HTTP client ({@link MetricsHttp}). Credentials are guarded twice: a Secret is read only
 * when it opts in with the label {@value #CREDENTIALS_LABEL}=true (so a policy cannot name any
 * Secret of its namespace), and its token or CA is sent only to a host the operator's
 * {@code metrics.allowedHosts} lists (so a policy cannot send it anywhere).
 */
public final class KubernetesMetricsSources implements MetricsSourceFactory {
  public static final String CREDENTIALS_LABEL = "costslo.io/metrics-credentials";
  /** Longest wait for one pod-scrape round. */
  static final Duration POD_ROUND = Duration.ofSeconds(2);
  /** Longest wait for one Prometheus query round, whatever the spec's timeout. */
  static final Duration MAX_PROMETHEUS_TIMEOUT = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final Clock clock;
  private final OperatorSettings settings;
  private final MetricsHttp http;
  private final Map<String, Cached> byPolicy = new ConcurrentHashMap<>();

  private record Cached(String settings, MetricsSource source) {}

  public KubernetesMetricsSources(KubernetesClient client, Clock clock) {
    this(client, clock, OperatorSettings.defaults(), MetricsHttp.shared());
  }

  public KubernetesMetricsSources(KubernetesClient client, Clock clock, OperatorSettings settings, MetricsHttp http) {
    this.client = client;
    this.clock = clock;
    this.settings = settings;
    this.http = http;
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
      return prometheus(ns, spec.prometheus, engine, maxAge, maxOutputTokensPerPod(policy.getSpec()));
    }
    Map<String, String> selector = target.getSpec().getSelector().getMatchLabels();
    return new PodScrapeMetricsSource(() -> readyPodEndpoints(ns, selector, spec.port, spec.path),
        new PodScrapeMetricsSource.Settings(engine, Duration.ofSeconds(1), POD_ROUND, maxAge,
            maxOutputTokensPerPod(policy.getSpec())), clock, http);
  }

  /**
   * What one replica can physically produce: every running sequence gains at most one token per
   * iteration, so at most the largest batch cap per base iteration time; times four, since the
   * profile is a fit and the Deployment may run a larger cap than the policy lists.
   */
  static double maxOutputTokensPerPod(InferenceCostPolicySpec spec) {
    try {
      CostPolicy p = new PolicyMapper().toCore(spec, Optional.empty());
      int cap = p.batch().allowedCaps().stream().mapToInt(Integer::intValue).max().orElse(PolicyMapper.ENGINE_DEFAULT_BATCH_CAP);
      cap = Math.max(cap, PolicyMapper.ENGINE_DEFAULT_BATCH_CAP);
      double baseMillis = p.capacity().profile().baseMillis();
      return baseMillis > 0 ? 4 * cap * 1000.0 / baseMillis : PodScrapeMetricsSource.Settings.ANY_REPLICA_MAX_TOKENS_PER_SECOND;
    } catch (InvalidPolicyException | RuntimeException e) {
      return PodScrapeMetricsSource.Settings.ANY_REPLICA_MAX_TOKENS_PER_SECOND;
    }
  }

  private static MetricsSource failing(String reason, String message) {
    // A refused address or credential is a metrics failure the cycle holds on, not a crash.
    return query -> {
      throw new MetricsUnavailableException(reason, message);
    };
  }

  private MetricsSource prometheus(String ns, PrometheusSpec p, Engine engine, Duration maxAge,
      double maxTokensPerPod) {
    Optional<URI> base = MetricsAddressRules.prometheusBase(p.url);
    if (base.isEmpty()) {
      return failing("InvalidMetricsAddress", "spec.metrics.prometheus.url is not a plain http(s) base URL;"
          + " write e.g. http://prometheus.monitoring:9090");
    }
    String host = base.get().getHost();
    boolean listed = settings.metricsHostAllowed(host);
    if (!settings.metricsAllowedHosts().isEmpty() && !listed) {
      return failing("MetricsHostNotAllowed", "spec.metrics.prometheus.url: host " + SafeText.value(host)
          + " is not in the operator's metrics.allowedHosts " + settings.metricsAllowedHosts()
          + "; ask the operator's admin to add it");
    }
    boolean credentials = p.bearerTokenSecretRef != null || p.caSecretRef != null;
    if (credentials && !listed) {
      return failing("MetricsHostNotAllowed", "spec.metrics.prometheus: credentials are sent only to hosts in the"
          + " operator's metrics.allowedHosts, and " + SafeText.value(host) + " is not one; nothing was sent");
    }
    Duration timeout = Durations.parse(p.timeout);
    PrometheusMetricsSource.Settings s = PrometheusMetricsSource.Settings.of(base.get(), engine)
        .withTimeouts(Duration.ofSeconds(1), timeout.compareTo(MAX_PROMETHEUS_TIMEOUT) > 0 ? MAX_PROMETHEUS_TIMEOUT : timeout)
        .withMaxSampleAge(maxAge);
    try {
      if (p.bearerTokenSecretRef != null) {
        s = s.withBearerToken(secretValue(ns, "bearerTokenSecretRef", p.bearerTokenSecretRef).trim());
      }
      if (p.caSecretRef != null) {
        s = s.withCaCertificatePem(secretValue(ns, "caSecretRef", p.caSecretRef));
      }
      return new PrometheusMetricsSource(s, clock, http, maxTokensPerPod);
    } catch (IllegalStateException | IllegalArgumentException e) {
      return failing("SecretUnavailable", SafeText.message(e.getMessage()));
    }
  }

  private String secretValue(String ns, String field, PrometheusSpec.SecretKeyRef ref) {
    String where = "spec.metrics.prometheus." + field + ": Secret " + ns + "/" + SafeText.capped(ref.name, 253);
    Secret secret = client.secrets().inNamespace(ns).withName(ref.name).get();
    if (secret == null) {
      throw new IllegalStateException(where + " not found; create it or fix the secret reference");
    }
    Map<String, String> labels = secret.getMetadata().getLabels();
    if (labels == null || !"true".equals(labels.get(CREDENTIALS_LABEL))) {
      throw new IllegalStateException(where + " is not labelled " + CREDENTIALS_LABEL + "=true; label it to let"
          + " CostSLO use it (only Secrets that opt in are read)");
    }
    if (secret.getData() == null || !secret.getData().containsKey(ref.key)) {
      throw new IllegalStateException(where + " has no key " + SafeText.value(ref.key)
          + "; create it or fix the secret reference");
    }
    return new String(Base64.getDecoder().decode(secret.getData().get(ref.key)), StandardCharsets.UTF_8);
  }

  /** Ready pods of the target, as scrape URIs built from the parsed parts (never concatenated). */
  private List<String> readyPodEndpoints(String ns, Map<String, String> selector, int port, String path) {
    return client.pods().inNamespace(ns).withLabels(selector).list().getItems().stream()
        .filter(KubernetesMetricsSources::ready)
        .map(pod -> MetricsAddressRules.podUri(pod.getStatus().getPodIP(), port, path))
        .flatMap(Optional::stream)
        .map(URI::toString)
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
