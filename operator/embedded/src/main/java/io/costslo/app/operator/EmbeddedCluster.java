package io.costslo.app.operator;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;

/**
 * An in-process Kubernetes API (Fabric8's mock server in CRUD mode) with the CostSLO CRD installed:
 * the embedded default behind `costslo demo`, and the API server the mock tests run against. It
 * enforces no schema, which is why the reconciler validates every spec itself.
 */
public final class EmbeddedCluster implements AutoCloseable {
  public static final String CRD_RESOURCE = "/META-INF/fabric8/inferencecostpolicies.costslo.io-v1.yml";

  /** The mock server logs every request through java.util.logging; keep a reference so the level sticks. */
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private EmbeddedCluster(KubernetesMockServer server) {
    this.server = server;
    // The JDK client, as the operator's (CostSloOperator.HTTP_CLIENTS): the mock server brings vert.x too.
    this.client = server.createClient(b -> b.withHttpClientFactory(new JdkHttpClientFactory()));
  }

  public static EmbeddedCluster start() {
    return start(false);
  }

  /**
   * As {@link #start()}, but a status PUT whose resourceVersion is not the stored one is refused with
   * 409 Conflict, as the API server does (the mock takes the stored copy's version for a status write,
   * so it never conflicts). Costs one more look-up (and a parse of the body) per status write, so only where
   * the optimistic locking itself is under test.
   */
  public static EmbeddedCluster startWithStatusConflicts() {
    return start(true);
  }

  private static EmbeddedCluster start(boolean statusConflicts) {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new FieldManagerTolerantDispatcher(statusConflicts), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    EmbeddedCluster cluster = new EmbeddedCluster(server);
    cluster.installCrd();
    return cluster;
  }

  /** The quota and price catalog CRDs, installed beside the policy's. */
  static final List<String> OTHER_CRDS = List.of("/META-INF/fabric8/costquotas.costslo.io-v1.yml",
      "/META-INF/fabric8/clustercostquotas.costslo.io-v1.yml", "/META-INF/fabric8/pricecatalogs.costslo.io-v1.yml");
  /**
   * The CRUD dispatcher reads a write's query string as part of the resource path; a real API server takes
   * {@code ?fieldManager=} (which the operator sends on every write), so drop it before dispatching. The
   * server still records the request as sent. Indexed (see {@link IndexedCrudDispatcher}) so a request
   * costs the same at 10 objects as at 10,000.
   */
  private static final class FieldManagerTolerantDispatcher extends IndexedCrudDispatcher {
    @Override
    public io.fabric8.mockwebserver.http.MockResponse handleCreate(io.fabric8.mockwebserver.http.RecordedRequest r) {
      return super.handleCreate(stripped(r));
    }

    private final boolean statusConflicts;

    FieldManagerTolerantDispatcher(boolean statusConflicts) {
      this.statusConflicts = statusConflicts;
    }

    @Override
    public io.fabric8.mockwebserver.http.MockResponse handleUpdate(io.fabric8.mockwebserver.http.RecordedRequest r) {
      io.fabric8.mockwebserver.http.RecordedRequest clean = stripped(r);
      if (statusConflicts && io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherHandler.isStatusPath(clean.getPath())) {
        // Reading the body consumes it: keep the bytes and pass the dispatcher a fresh copy.
        byte[] body = clean.getBody().readByteArray();
        clean = new io.fabric8.mockwebserver.http.RecordedRequest(clean.getHttpVersion(), clean.method(), clean.getPath(),
            clean.getHeaders(), new io.fabric8.mockwebserver.http.Buffer(body));
        String sent = resourceVersion(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        java.util.Map.Entry<io.fabric8.mockwebserver.crud.AttributeSet, String> stored = findResource(getKey(clean.getPath()));
        if (sent != null && stored != null && !sent.equals(resourceVersion(stored.getValue()))) {
          return new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(409).setBody(
              "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Conflict\",\"code\":409,"
                  + "\"message\":\"the object has been modified; please apply your changes to the latest version\"}");
        }
      }
      return super.handleUpdate(clean);
    }

    private static String resourceVersion(String json) {
      com.fasterxml.jackson.databind.JsonNode rv = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(json,
          com.fasterxml.jackson.databind.JsonNode.class).path("metadata").path("resourceVersion");
      return rv.isTextual() ? rv.asText() : null;
    }

    @Override
    public io.fabric8.mockwebserver.http.MockResponse handlePatch(io.fabric8.mockwebserver.http.RecordedRequest r) {
      return super.handlePatch(stripped(r));
    }

    // Compiled once: every write passes through here, on the mock server's one request thread.
    private static final java.util.regex.Pattern FIELD_MANAGER = java.util.regex.Pattern.compile("([?&])fieldManager=[^&]*&?");
    private static final java.util.regex.Pattern TRAILING = java.util.regex.Pattern.compile("[?&]$");

    private static io.fabric8.mockwebserver.http.RecordedRequest stripped(io.fabric8.mockwebserver.http.RecordedRequest r) {
      String path = r.getPath();
      String clean = path.contains("fieldManager=")
          ? TRAILING.matcher(FIELD_MANAGER.matcher(path).replaceAll("$1")).replaceAll("") : path;
      return clean.equals(path) ? r
          : new io.fabric8.mockwebserver.http.RecordedRequest(r.getHttpVersion(), r.method(), clean, r.getHeaders(),
              r.getBody());
    }
  }

  private void installCrd() {
    installCrd(CRD_RESOURCE);
    OTHER_CRDS.forEach(this::installCrd);
  }

  private void installCrd(String resource) {
    try (InputStream in = InferenceCostPolicy.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("CRD " + resource + " is not on the classpath; build operator/api first");
      }
      CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates every object in a YAML stream in the namespace, as `kubectl create -n` would. */
  public List<HasMetadata> apply(InputStream yaml, String namespace) {
    List<HasMetadata> items = client.load(yaml).items();
    for (HasMetadata item : items) {
      item.getMetadata().setNamespace(namespace);
      client.resource(item).inNamespace(namespace).create();
    }
    return items;
  }

  public KubernetesClient client() {
    return client;
  }

  public KubernetesMockServer server() {
    return server;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
