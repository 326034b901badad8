package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The chart lints, renders, applies to an API server, and grants exactly what the operator calls. */
class HelmChartMockTest {
  static final Path CHART = Path.of(System.getProperty("costslo.repo.root", "../..")).resolve("helm/costslo");
  static final String RELEASE_NS = "costslo-system";

  static List<HasMetadata> render(KubernetesClient client, String... sets) {
    var template = new Helm(CHART).template().withName("costslo").withNamespace(RELEASE_NS);
    for (int i = 0; i + 1 < sets.length; i += 2) {
      template.set(sets[i], sets[i + 1]);
    }
    String yaml = template.call();
    return client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
  }

  static <T> List<T> ofType(List<HasMetadata> items, Class<T> type) {
    return items.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void chartLintsClean() {
    LintResult result = new Helm(CHART).lint().strict().call();
    assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
  }

  @Test
  void operatorPodIsLockedDown() {
    try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
      Deployment d = ofType(render(cluster.client()), Deployment.class).get(0);
      var pod = d.getSpec().getTemplate().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      Container c = pod.getContainers().get(0);
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
      assertThat(c.getResources().getLimits()).containsKey("memory");
      assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
      assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
      assertThat(c.getArgs()).contains("run", "--leader-election", "--lease-namespace=" + RELEASE_NS);
    }
  }

  @Test
  void watchedNamespacesGetRolesAndNoClusterRole() {
    try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
      List<HasMetadata> items = render(cluster.client(), "watchNamespaces[0]", "team-a", "watchNamespaces[1]", "team-b");
      assertThat(ofType(items, ClusterRole.class)).isEmpty();
      assertThat(ofType(items, Role.class)).extracting(r -> r.getMetadata().getNamespace())
          .contains("team-a", "team-b", RELEASE_NS);
      Container c = ofType(items, Deployment.class).get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(c.getArgs()).contains("--namespaces=team-a,team-b");
    }
  }

  @Test
  void secretsAreReadableOnlyWhenAskedForAndNeverClusterWide() {
    try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
      List<HasMetadata> byDefault = render(cluster.client());
      assertThat(ofType(byDefault, ClusterRole.class).get(0).getRules())
          .noneSatisfy(r -> assertThat(r.getResources()).contains("secrets"));
      assertThat(ofType(byDefault, Role.class)).allSatisfy(r -> assertThat(r.getRules())
          .noneSatisfy(rule -> assertThat(rule.getResources()).contains("secrets")));
      // All namespaces watched: Secret reads must be listed per namespace, or the chart refuses.
      assertThatThrownBy(() -> render(cluster.client(), "rbac.readSecrets", "true"))
          .hasMessageContaining("rbac.secretNamespaces");
      List<HasMetadata> listed = render(cluster.client(), "rbac.readSecrets", "true", "rbac.secretNamespaces[0]", "team-a");
      assertThat(ofType(listed, ClusterRole.class).get(0).getRules())
          .noneSatisfy(r -> assertThat(r.getResources()).contains("secrets"));
      assertThat(ofType(listed, Role.class)).filteredOn(r -> r.getRules().stream()
              .anyMatch(rule -> rule.getResources().contains("secrets")))
          .singleElement().satisfies(r -> {
            assertThat(r.getMetadata().getNamespace()).isEqualTo("team-a");
            assertThat(r.getRules()).singleElement().satisfies(rule -> {
              assertThat(rule.getResources()).containsExactly("secrets");
              assertThat(rule.getVerbs()).containsExactly("get");
            });
          });
    }
  }

  @Test
  void httpBindsThePodIpAndAllowedHostsArePassed() {
    try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
      Container c = ofType(render(cluster.client(), "metrics.allowedHosts[0]", "prometheus.monitoring"),
          Deployment.class).get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(c.getArgs()).contains("--http-address=$(POD_IP)", "--metrics-allowed-hosts=prometheus.monitoring");
      assertThat(c.getEnv()).anySatisfy(e -> {
        assertThat(e.getName()).isEqualTo("POD_IP");
        assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
      });
    }
  }

  @Test
  void renderedObjectsApplyAndRbacMatchesWhatTheOperatorCalls() throws Exception {
    Set<String> granted = new TreeSet<>();
    Set<String> used = new TreeSet<>();
    List<String> writes = new ArrayList<>();
    // Leader election stays off here: JOSDK first checks lease access with a SelfSubjectRulesReview,
    // which the mock server rejects. The lease rule is checked on its own below.
    // A fixed load for which the core plans spot replicas (ITL objective 40ms below), so the
    // companion, batch and HPA paths all run.
    io.costslo.core.metrics.MetricsSource source = query -> new io.costslo.core.metrics.Observation(
        java.time.Instant.now(), Duration.ofMinutes(2), io.costslo.core.load.Load.of(30, 1000, 250),
        java.util.Optional.of(Duration.ofMillis(800)), java.util.Optional.of(Duration.ofMillis(30)), 0.99, 20, 0, 0.3,
        5, List.of());
    // All namespaces (the chart's default ClusterRole), so the cluster-scoped kinds run too.
    OperatorHarness h = new OperatorHarness(new OperatorSettings(Set.of(), false, null, null, Duration.ofMinutes(10)),
        (policy, target) -> source);
    try {
      List<HasMetadata> items = render(h.client);
      for (HasMetadata item : items) {
        h.client.resource(item).inNamespace(RELEASE_NS).create();
      }
      assertThat(h.client.apps().deployments().inNamespace(RELEASE_NS).withName("costslo").get()).isNotNull();
      for (ClusterRole r : ofType(items, ClusterRole.class)) {
        r.getRules().forEach(rule -> granted.addAll(expand(rule)));
      }
      Role lease = ofType(items, Role.class).stream()
          .filter(r -> r.getMetadata().getName().endsWith("-leader-election")).findFirst().orElseThrow();
      assertThat(lease.getRules()).hasSize(1);
      assertThat(expand(lease.getRules().get(0))).as("JOSDK's LeaderElectionManager needs get, create, update on leases")
          .containsExactlyInAnyOrder("coordination.k8s.io/leases:get", "coordination.k8s.io/leases:create",
              "coordination.k8s.io/leases:update");

      // Drive every path the reconciler has: scale, spot companion, batch change, template sync,
      // HPA bounds, deletion, recommend, invalid spec, missing target.
      h.createDeployment(1);
      h.createPolicy(p -> {
        p.getSpec().objectives.itl = "40ms";
        p.getSpec().reconcileInterval = "1s";
        p.getSpec().batch.allowedValues = List.of(32, 64, 256);
      });
      h.awaitReconciled("llama3-8b");
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
          .until(() -> h.deployment("llama3-8b-spot") != null);
      h.client.apps().deployments().inNamespace(OperatorHarness.NS).withName("llama3-8b").edit(d -> {
        d.getSpec().getTemplate().getMetadata().getLabels().put("version", "2");
        return d;
      });
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> "2".equals(
          h.deployment("llama3-8b-spot").getSpec().getTemplate().getMetadata().getLabels().get("version")));
      h.client.resource(h.policy("llama3-8b")).delete();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> h.policy("llama3-8b") == null);

      Deployment second = h.deployment("llama3-8b");
      second.getMetadata().setName("autoscaled");
      second.getMetadata().setResourceVersion(null);
      second.getMetadata().setUid(null);
      second.getMetadata().setAnnotations(null);
      h.client.resource(second).inNamespace(OperatorHarness.NS).create();
      h.client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(OperatorHarness.NS).resource(
          new io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder()
              .withNewMetadata().withName("autoscaled").endMetadata()
              .withNewSpec().withMinReplicas(1).withMaxReplicas(4)
              .withNewScaleTargetRef().withKind("Deployment").withName("autoscaled").withApiVersion("apps/v1")
              .endScaleTargetRef().endSpec().build()).create();
      h.createPolicy(p -> {
        p.getMetadata().setName("autoscaled");
        p.getSpec().targetRef.name = "autoscaled";
        p.getSpec().capacity.spot.enabled = false;
      });
      h.awaitReconciled("autoscaled");
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> h.client.autoscaling().v2()
          .horizontalPodAutoscalers().inNamespace(OperatorHarness.NS).withName("autoscaled").get().getSpec()
          .getMinReplicas() > 1);
      h.createPolicy(p -> {
        p.getMetadata().setName("recommend");
        p.getSpec().mode = "Recommend";
      });
      h.awaitReconciled("recommend");
      h.createPolicy(p -> {
        p.getMetadata().setName("invalid");
        p.getSpec().replicas.min = 9;
      });
      h.awaitReconciled("invalid");
      h.createPolicy(p -> {
        p.getMetadata().setName("orphan");
        p.getSpec().targetRef.name = "nothing-here";
      });
      h.awaitReconciled("orphan");
      quotas(h);
    } finally {
      h.close();
    }
    RecordedRequest r;
    while ((r = h.cluster.server().takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      if (CostSloOperator.USER_AGENT.equals(r.getHeader("User-Agent"))) {
        used.add(permission(r.getMethod(), r.getPath()));
        if (Set.of("POST", "PUT", "PATCH").contains(r.getMethod())) {
          writes.add(r.getMethod() + " " + r.getPath());
        }
      }
    }
    assertThat(writes).as("the operator's writes").isNotEmpty()
        .allSatisfy(w -> assertThat(w).as("named field manager").contains("fieldManager=" + CostSloOperator.FIELD_MANAGER));
    assertThat(used).as("what the operator called").isNotEmpty();
    assertThat(granted).as("the chart grants every call the operator made").containsAll(used);
    assertThat(used).as("the chart grants nothing the operator does not call").containsAll(granted);
  }

  /** A CostQuota and a ClusterCostQuota with a namespace selector, each reconciled once. */
  private static void quotas(OperatorHarness h) {
    String yaml = """
        apiVersion: costslo.io/v1alpha1
        kind: CostQuota
        metadata: {name: team, namespace: test}
        spec: {limits: {maxUsdPerHour: 100}, reconcileInterval: 1s}
        ---
        apiVersion: costslo.io/v1alpha1
        kind: ClusterCostQuota
        metadata: {name: org}
        spec: {namespaceSelector: {matchLabels: {org: x}}, limits: {maxUsdPerHour: 100}, reconcileInterval: 1s}
        """;
    h.client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).create();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
      var team = h.client.resources(io.costslo.api.v1alpha1.CostQuota.class).inNamespace(OperatorHarness.NS)
          .withName("team").get();
      var org = h.client.resources(io.costslo.api.v1alpha1.ClusterCostQuota.class).withName("org").get();
      return team.getStatus() != null && team.getStatus().state != null
          && org.getStatus() != null && org.getStatus().state != null;
    });
  }

  private static final Pattern PATH = Pattern.compile(
      "^/(?:api/v1|apis/([^/]+)/[^/]+)(?:/namespaces/[^/]+)?/([^/?]+)(?:/([^/?]+))?(?:/([^/?]+))?(\\?.*)?$");

  /** group/resource[/sub]:verb, as RBAC sees a request. */
  static String permission(String method, String path) {
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      throw new IllegalArgumentException("unexpected API path " + path);
    }
    String group = m.group(1) == null ? "" : m.group(1);
    String resource = m.group(2) + (m.group(4) != null ? "/" + m.group(4) : "");
    boolean named = m.group(3) != null;
    String query = m.group(5) == null ? "" : m.group(5);
    String verb = switch (method) {
      case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> throw new IllegalArgumentException(method);
    };
    return group + "/" + resource + ":" + verb;
  }

  private static List<String> expand(PolicyRule rule) {
    List<String> out = new ArrayList<>();
    for (String g : rule.getApiGroups()) {
      for (String res : rule.getResources()) {
        for (String v : rule.getVerbs()) {
          out.add(g + "/" + res + ":" + v);
        }
      }
    }
    return out;
  }
}
