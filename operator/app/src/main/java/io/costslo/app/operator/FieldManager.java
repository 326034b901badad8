package io.costslo.app.operator;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.URI;
import java.util.Set;

/**
 * Names CostSLO in managedFields on every write (create, update, patch), whichever code path makes it, so
 * GitOps tools and {@code kubectl get -o yaml --show-managed-fields} can tell its fields from the user's.
 * A request that already names a field manager keeps it.
 */
final class FieldManager implements Interceptor {
  static final String NAME = "costslo";
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH");

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    if (WRITES.contains(request.method())) {
      builder.uri(withFieldManager(request.uri()));
    }
  }

  static URI withFieldManager(URI uri) {
    String query = uri.getRawQuery();
    if (query != null && (query.startsWith("fieldManager=") || query.contains("&fieldManager="))) {
      return uri;
    }
    String text = uri.toString();
    return URI.create(text + (query == null ? "?" : query.isEmpty() ? "" : "&") + "fieldManager=" + NAME);
  }
}
