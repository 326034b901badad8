package io.costslo.app.policy;

import io.costslo.api.v1alpha1.Limits;
import io.costslo.api.v1alpha1.MetricsSpec;
import io.costslo.api.v1alpha1.PrometheusSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where metrics are read from: the pod path and the Prometheus URL are parsed here and refused
 * unless they are exactly a path and a base URL, so no spec can make the operator request another
 * host ({@code @127.0.0.1:8080/admin}, {@code //evil}, {@code http://x@y}) with its credentials. The
 * metrics sources build their URIs from the parsed parts with {@link #podUri} and {@link #prometheusBase},
 * never by concatenating strings.
 */
public final class MetricsAddressRules {
  private static final Pattern PATH = Pattern.compile(MetricsSpec.PATH_PATTERN);
  private static final Pattern URL = Pattern.compile(PrometheusSpec.URL_PATTERN);

  private MetricsAddressRules() {}

  static void path(List<Violation> out, String path) {
    if (path == null) {
      return; // the default, /metrics
    }
    if (path.length() > Limits.MAX_PATH) {
      PolicyValidator.maxLength(out, "spec.metrics.path", path, Limits.MAX_PATH);
    } else if (!PATH.matcher(path).matches() || podUri("127.0.0.1", 1, path).isEmpty()) {
      out.add(new Violation("spec.metrics.path", "must be a path on the pod such as /metrics: one leading slash,"
          + " no '//', '@', '?', '#', backslash or whitespace"));
    }
  }

  static void prometheus(List<Violation> out, PrometheusSpec p) {
    if (p.url != null) {
      if (p.url.length() > Limits.MAX_URL) {
        PolicyValidator.maxLength(out, "spec.metrics.prometheus.url", p.url, Limits.MAX_URL);
      } else if (!p.url.isBlank() && prometheusBase(p.url).isEmpty()) {
        out.add(new Violation("spec.metrics.prometheus.url", "must be http:// or https:// with a host, optional port"
            + " and path, e.g. http://prometheus.monitoring:9090; no user info ('@'), query or fragment"));
      }
    }
    secretRef(out, "spec.metrics.prometheus.bearerTokenSecretRef", p.bearerTokenSecretRef);
    secretRef(out, "spec.metrics.prometheus.caSecretRef", p.caSecretRef);
  }

  private static void secretRef(List<Violation> out, String field, PrometheusSpec.SecretKeyRef ref) {
    if (ref == null) {
      return;
    }
    if (ref.name == null || ref.name.isBlank()) {
      out.add(new Violation(field + ".name", "missing; name the Secret"));
    } else {
      PolicyValidator.maxLength(out, field + ".name", ref.name, Limits.MAX_NAME);
    }
    if (ref.key == null || ref.key.isBlank()) {
      out.add(new Violation(field + ".key", "missing; name the key in the Secret"));
    } else {
      PolicyValidator.maxLength(out, field + ".key", ref.key, Limits.MAX_NAME);
    }
  }

  static void queries(List<Violation> out, Map<String, String> queries) {
    if (queries == null) {
      return;
    }
    if (queries.size() > Limits.MAX_QUERIES) {
      out.add(new Violation("spec.metrics.queries", "has " + queries.size() + " entries; at most " + Limits.MAX_QUERIES));
      return;
    }
    for (Map.Entry<String, String> e : queries.entrySet()) {
      if (e.getKey().length() > Limits.MAX_WORD || (e.getValue() != null && e.getValue().length() > Limits.MAX_QUERY)) {
        out.add(new Violation("spec.metrics.queries", "names must be at most " + Limits.MAX_WORD
            + " characters and queries at most " + Limits.MAX_QUERY));
        return;
      }
    }
  }

  /** http://host:port/path from parts; empty when the path is not a plain absolute path. */
  public static Optional<URI> podUri(String host, int port, String path) {
    String p = path == null ? "/metrics" : path;
    if (!PATH.matcher(p).matches()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI("http", null, host, port, p, null, null);
      return uri.getHost() != null && uri.getRawUserInfo() == null ? Optional.of(uri) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** The Prometheus base URL parsed: http(s), a host, no user info, query or fragment; else empty. */
  public static Optional<URI> prometheusBase(String url) {
    if (url == null || url.length() > Limits.MAX_URL || !URL.matcher(url).matches()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(url);
      boolean ok = ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null && uri.getRawUserInfo() == null && uri.getRawQuery() == null
          && uri.getRawFragment() == null;
      return ok ? Optional.of(uri) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
