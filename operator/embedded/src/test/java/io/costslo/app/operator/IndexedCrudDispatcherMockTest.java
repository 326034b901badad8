package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.InferenceCostPolicyStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The indexed dispatcher against the stock one: the same requests, sent to a mock server of each kind,
 * must get the same answers (bodies, codes, resourceVersions, watch events), apart from the fields the
 * server makes up (uid, timestamps). The scenario walks what the operator and the tests rely on: create,
 * get, get of a missing object, lists by namespace and by label (=, !=, exists, not exists), merge and JSON
 * patch, a relabel that moves an object between selections, stale-resourceVersion and duplicate-create
 * conflicts, the status and scale subresources, and deletes with and without a finalizer.
 */
class IndexedCrudDispatcherMockTest {
  private static final String A = "a";
  private static final String B = "b";
  /** Kept so the level sticks: the mock server logs every request at INFO. */
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  @Test
  void answersAsTheStockDispatcherDoes() throws Exception {
    IndexedCrudDispatcher indexed = new IndexedCrudDispatcher();
    Transcript stock = run(new KubernetesCrudDispatcher());
    Transcript mine = run(indexed);

    assertThat(stock.lines).as("the scenario ran").hasSizeGreaterThan(40);
    assertThat(mine.lines).containsExactlyElementsOf(stock.lines);
    assertThat(mine.events).as("watch events, in order").containsExactlyElementsOf(stock.events);
    assertThat(stock.events).as("the watch saw the scenario").hasSizeGreaterThan(5);
    assertThat(indexed.indexAgreesWithStore()).isTrue();
  }

  @Test
  void resetEmptiesTheIndexWithTheStore() {
    IndexedCrudDispatcher indexed = new IndexedCrudDispatcher();
    try (Server s = new Server(indexed)) {
      s.client.configMaps().inNamespace(A).resource(configMap("x", "1")).create();
      indexed.reset();
      assertThat(indexed.indexAgreesWithStore()).isTrue();
      assertThat(s.client.configMaps().inNamespace(A).withName("x").get()).isNull();
    }
  }

  /** What one server answered, line by line, and what a label-selected watch saw. */
  private record Transcript(List<String> lines, List<String> events) {}

  private static Transcript run(KubernetesCrudDispatcher dispatcher) throws Exception {
    List<String> out = new ArrayList<>();
    List<String> events = new CopyOnWriteArrayList<>();
    CountDownLatch sentinel = new CountDownLatch(1);
    try (Server s = new Server(dispatcher)) {
      KubernetesClient c = s.client;
      installCrd(c);
      Watch watch = c.configMaps().inNamespace(A).withLabel("tier", "1").watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, ConfigMap cm) {
          events.add(action + " " + cm.getMetadata().getName() + " rv=" + cm.getMetadata().getResourceVersion()
              + " labels=" + cm.getMetadata().getLabels());
          if ("zz-end".equals(cm.getMetadata().getName())) {
            sentinel.countDown();
          }
        }

        @Override
        public void onClose(WatcherException cause) {}
      });

      for (int i = 0; i < 12; i++) {
        for (String ns : List.of(A, B)) {
          ConfigMap cm = configMap("cm-" + i, String.valueOf(i % 3));
          if (i % 2 == 0) {
            cm.getMetadata().getLabels().put("app", "x");
          }
          out.add("create " + ns + "/cm-" + i + " " + norm(c.configMaps().inNamespace(ns).resource(cm).create()));
        }
      }
      // As the operator's events: a generated name, so the create asks the store for name null. Its name is
      // random, so it is of a kind no list looks at and only the answer's shape is compared.
      Secret generated = new SecretBuilder().withNewMetadata().withGenerateName("gen-").endMetadata().build();
      for (int i = 0; i < 3; i++) {
        String name = c.secrets().inNamespace("c").resource(generated).create().getMetadata().getName();
        out.add("generated " + (name.startsWith("gen-") && name.length() > 4));
      }
      out.add("get a/cm-5 " + norm(c.configMaps().inNamespace(A).withName("cm-5").get()));
      out.add("get b/cm-5 " + norm(c.configMaps().inNamespace(B).withName("cm-5").get()));
      out.add("get missing " + norm(c.configMaps().inNamespace(A).withName("nope").get()));
      out.add("get other kind " + norm(c.secrets().inNamespace(A).withName("cm-5").get()));
      lists(out, c, "after create");

      out.add("duplicate " + attempt(() -> c.configMaps().inNamespace(A).resource(configMap("cm-1", "1")).create()));
      ConfigMap stale = c.configMaps().inNamespace(A).withName("cm-4").get();
      out.add("merge patch " + norm(c.configMaps().inNamespace(A).withName("cm-4")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"k\":\"merged\"}}")));
      out.add("json patch " + norm(c.configMaps().inNamespace(A).withName("cm-4")
          .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"add\",\"path\":\"/data/j\",\"value\":\"json\"}]")));
      stale.getData().put("k", "stale");
      out.add("stale update " + attempt(() -> c.configMaps().inNamespace(A).resource(stale).update()));
      // Relabels move objects into and out of the watched selection (tier=1).
      out.add("relabel in " + norm(c.configMaps().inNamespace(A).withName("cm-3")
          .edit(cm -> { cm.getMetadata().getLabels().put("tier", "1"); return cm; })));
      out.add("relabel out " + norm(c.configMaps().inNamespace(A).withName("cm-1")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"tier\":\"2\"}}}")));
      out.add("update " + norm(c.configMaps().inNamespace(A).resource(
          c.configMaps().inNamespace(A).withName("cm-7").edit(cm -> { cm.setData(Map.of("u", "1")); return cm; }))
          .update()));
      lists(out, c, "after patches");

      InferenceCostPolicy p = new InferenceCostPolicy();
      p.getMetadata().setName("policy");
      p.getMetadata().setNamespace(A);
      InferenceCostPolicy created = c.resources(InferenceCostPolicy.class).inNamespace(A).resource(p).create();
      out.add("create policy " + norm(created));
      created.setStatus(new InferenceCostPolicyStatus());
      created.getStatus().lastDecisionTime = "2026-01-01T00:00:00Z";
      out.add("status put " + norm(c.resources(InferenceCostPolicy.class).inNamespace(A).resource(created)
          .updateStatus()));
      out.add("status patch " + norm(c.resources(InferenceCostPolicy.class).inNamespace(A).withName("policy")
          .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
              "{\"status\":{\"lastScaleTime\":\"2026-01-01T00:01:00Z\"}}")));
      out.add("main patch keeps status " + norm(c.resources(InferenceCostPolicy.class).inNamespace(A)
          .withName("policy").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"l\":\"v\"}}}")));
      out.add("policies " + norm(c.resources(InferenceCostPolicy.class).inNamespace(A).list()));

      c.apps().deployments().inNamespace(A).resource(new DeploymentBuilder().withNewMetadata().withName("d")
          .endMetadata().withNewSpec().withReplicas(1).endSpec().build()).create();
      c.apps().deployments().inNamespace(A).withName("d").scale(3);
      out.add("scaled " + norm(c.apps().deployments().inNamespace(A).withName("d").get()));

      out.add("delete " + c.configMaps().inNamespace(B).withName("cm-2").delete().size());
      out.add("delete missing " + c.configMaps().inNamespace(B).withName("cm-2").delete().size());
      ConfigMap held = configMap("held", "1");
      held.getMetadata().setFinalizers(List.of("costslo.io/test"));
      c.configMaps().inNamespace(A).resource(held).create();
      c.configMaps().inNamespace(A).withName("held").delete();
      out.add("held after delete " + norm(c.configMaps().inNamespace(A).withName("held").get()));
      c.configMaps().inNamespace(A).withName("held")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
      out.add("held after finalizer " + norm(c.configMaps().inNamespace(A).withName("held").get()));
      lists(out, c, "after deletes");

      c.configMaps().inNamespace(A).resource(configMap("zz-end", "1")).create();
      assertThat(sentinel.await(20, TimeUnit.SECONDS)).as("the watch delivered the last event").isTrue();
      watch.close();
    }
    return new Transcript(out, events);
  }

  private static void lists(List<String> out, KubernetesClient c, String when) {
    out.add(when + " ns a " + norm(c.configMaps().inNamespace(A).list()));
    out.add(when + " all " + norm(c.configMaps().inAnyNamespace().list()));
    out.add(when + " tier=1 " + norm(c.configMaps().inNamespace(A).withLabel("tier", "1").list()));
    out.add(when + " tier!=1 " + norm(c.configMaps().inNamespace(A).withoutLabel("tier", "1").list()));
    out.add(when + " app " + norm(c.configMaps().inAnyNamespace().withLabel("app").list()));
    out.add(when + " !app " + norm(c.configMaps().inNamespace(B).withoutLabel("app").list()));
    out.add(when + " none " + norm(c.configMaps().inNamespace(B).withLabel("tier", "9").list()));
  }

  private static ConfigMap configMap(String name, String tier) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).addToLabels("tier", tier).endMetadata()
        .addToData("k", "v").build();
  }

  private static String attempt(Supplier<?> call) {
    try {
      return "ok " + norm(call.get());
    } catch (KubernetesClientException e) {
      return "HTTP " + e.getCode();
    }
  }

  /** The object as JSON without what the server makes up per run (uid, wall-clock timestamps). */
  private static String norm(Object o) {
    if (o == null) {
      return "null";
    }
    JsonNode tree = Serialization.jsonMapper().valueToTree(o);
    strip(tree);
    if (o instanceof KubernetesResourceList<?> list) {
      ((ObjectNode) tree).put("count", list.getItems().size());
    }
    return tree.toString();
  }

  private static void strip(JsonNode node) {
    if (node.isObject()) {
      ObjectNode obj = (ObjectNode) node;
      obj.remove(List.of("uid", "creationTimestamp"));
      if (obj.has("deletionTimestamp")) {
        obj.put("deletionTimestamp", "set");
      }
      obj.forEach(IndexedCrudDispatcherMockTest::strip);
    } else if (node.isArray()) {
      node.forEach(IndexedCrudDispatcherMockTest::strip);
    }
  }

  private static void installCrd(KubernetesClient c) throws Exception {
    try (InputStream in = InferenceCostPolicy.class.getResourceAsStream(EmbeddedCluster.CRD_RESOURCE)) {
      CustomResourceDefinition crd = c.apiextensions().v1().customResourceDefinitions().load(in).item();
      c.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
  }

  /** A mock server with the given dispatcher, on a free loopback port, and a client for it. */
  private static final class Server implements AutoCloseable {
    final KubernetesMockServer server;
    final KubernetesClient client;

    Server(KubernetesCrudDispatcher dispatcher) {
      server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
      server.init(InetAddress.getLoopbackAddress(), 0);
      client = server.createClient(b -> b.withHttpClientFactory(new JdkHttpClientFactory()));
    }

    @Override
    public void close() {
      client.close();
      server.destroy();
    }
  }
}
