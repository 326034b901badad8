package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.costslo.app.policy.PolicyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every chart option renders (helm-java), the values schema refuses wrong types, the alert rules pass promtool. */
class HelmChartOptionsITCase {
  static final Path CHART = HelmChartMockTest.CHART;
  static final Path ALL_OPTIONS = CHART.resolve("ci/all-options-values.yaml");
  static final Path PROMTOOL = Path.of(System.getProperty("costslo.promtool.binary", "/usr/bin/promtool"));
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static List<JsonNode> render(Path valuesFile, String... sets) {
    var template = new Helm(CHART).template().withName("costslo").withNamespace("costslo-system");
    if (valuesFile != null) {
      template.withValuesFile(valuesFile);
    }
    for (int i = 0; i + 1 < sets.length; i += 2) {
      template.set(sets[i], sets[i + 1]);
    }
    return PolicyFiles.documents(template.call());
  }

  static JsonNode kind(List<JsonNode> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " rendered"));
  }

  static Set<String> kinds(List<JsonNode> docs) {
    return new java.util.TreeSet<>(docs.stream().map(d -> d.path("kind").asText()).toList());
  }

  @Test
  void defaultsRenderNoOptionalObjects() {
    assertThat(kinds(render(null))).doesNotContain("PodDisruptionBudget", "ServiceMonitor", "PodMonitor",
        "PrometheusRule", "ConfigMap", "CustomResourceDefinition");
    JsonNode pod = kind(render(null), "Deployment").at("/spec/template/spec");
    assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(65532);
    assertThat(pod.at("/containers/0/image").asText()).isEqualTo("costslo/costslo-operator:0.1.0");
  }

  @Test
  void everyOptionRenders() {
    List<JsonNode> docs = render(ALL_OPTIONS);
    assertThat(kinds(docs)).contains("PodDisruptionBudget", "ServiceMonitor", "PodMonitor", "PrometheusRule", "ConfigMap");
    JsonNode d = kind(docs, "Deployment");
    assertThat(d.at("/metadata/name").asText()).isEqualTo("costslo-prod");
    assertThat(d.at("/metadata/labels/app.kubernetes.io~1name").asText()).isEqualTo("cost");
    assertThat(d.at("/spec/replicas").asInt()).isEqualTo(2);
    JsonNode pod = d.at("/spec/template/spec");
    assertThat(d.at("/spec/template/metadata/labels/team").asText()).isEqualTo("platform");
    assertThat(d.at("/spec/template/metadata/annotations").toString()).contains("safe-to-evict");
    assertThat(pod.at("/priorityClassName").asText()).isEqualTo("system-cluster-critical");
    assertThat(pod.at("/imagePullSecrets/0/name").asText()).isEqualTo("registry-credentials");
    assertThat(pod.at("/nodeSelector/kubernetes.io~1os").asText()).isEqualTo("linux");
    assertThat(pod.at("/tolerations/0/key").asText()).isEqualTo("dedicated");
    assertThat(pod.at("/affinity/podAntiAffinity").isMissingNode()).isFalse();
    assertThat(pod.at("/topologySpreadConstraints/0/labelSelector/matchLabels/app.kubernetes.io~1instance").asText())
        .as("tpl in topologySpreadConstraints").isEqualTo("costslo");
    JsonNode c = pod.at("/containers/0");
    assertThat(c.at("/image").asText()).isEqualTo("registry.example.com/platform/costslo-operator@sha256:"
        + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    assertThat(c.at("/args").toString()).contains("--event-suppression=5m");
    assertThat(c.at("/env").toString()).contains("HTTPS_PROXY").contains("\"COSTSLO_LOG_FORMAT\",\"value\":\"json\"")
        .contains("\"COSTSLO_LOG_LEVEL\",\"value\":\"debug\"");
    assertThat(kind(docs, "PodDisruptionBudget").at("/spec/minAvailable").asInt()).isEqualTo(1);
    JsonNode sm = kind(docs, "ServiceMonitor");
    assertThat(sm.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
    assertThat(sm.at("/spec/endpoints/0/honorLabels").asBoolean()).isTrue();
    assertThat(sm.at("/spec/endpoints/0/relabelings/0/targetLabel").asText()).isEqualTo("cluster");
    assertThat(sm.at("/spec/endpoints/0/metricRelabelings/0/action").asText()).isEqualTo("drop");
    assertThat(kind(docs, "Service").at("/spec/ports/0/name").asText()).isEqualTo(sm.at("/spec/endpoints/0/port").asText());
    assertThat(kind(docs, "PodMonitor").at("/spec/podMetricsEndpoints/0/port").asText()).isEqualTo("http");
    JsonNode cm = kind(docs, "ConfigMap");
    assertThat(cm.at("/metadata/namespace").asText()).isEqualTo("monitoring");
    assertThat(cm.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    assertThat(cm.at("/data/costslo.json").asText()).contains("\"uid\": \"costslo-overview\"");
    assertThat(kind(docs, "PrometheusRule").at("/spec/groups/0/rules/0/labels/team").asText()).isEqualTo("platform");
  }

  @Test
  void pdbTakesMaxUnavailableInstead() {
    JsonNode pdb = kind(render(null, "podDisruptionBudget.enabled", "true", "podDisruptionBudget.maxUnavailable", "1"),
        "PodDisruptionBudget");
    assertThat(pdb.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
    assertThat(pdb.at("/spec/minAvailable").isMissingNode()).isTrue();
  }

  @Test
  void openShiftCanUnsetTheUserAndGroupIds() {
    JsonNode sc = kind(render(null, "podSecurityContext.runAsUser", "null", "podSecurityContext.runAsGroup", "null",
        "podSecurityContext.fsGroup", "null"), "Deployment").at("/spec/template/spec/securityContext");
    assertThat(sc.has("runAsUser")).isFalse();
    assertThat(sc.has("runAsGroup")).isFalse();
    assertThat(sc.has("fsGroup")).isFalse();
    assertThat(sc.get("runAsNonRoot").asBoolean()).isTrue();
  }

  @Test
  void theSchemaRefusesWrongTypes() {
    for (String[] bad : List.of(new String[] {"replicaCount", "two"}, new String[] {"logFormat", "xml"},
        new String[] {"image.pullPolicy", "Sometimes"}, new String[] {"httpPort", "http"},
        new String[] {"podDisruptionBudget.enabled", "yes-please"}, new String[] {"metrics.serviceMonitor.interval", "often"},
        new String[] {"prometheusRule.sloBurnRate", "fast"})) {
      assertThatThrownBy(() -> render(null, bad[0], bad[1])).as("%s=%s", bad[0], bad[1])
          .hasMessageContaining(bad[0].substring(bad[0].lastIndexOf('.') + 1));
    }
  }

  @Test
  void aServiceMonitorNeedsTheService() {
    assertThatThrownBy(() -> render(null, "metrics.serviceMonitor.enabled", "true", "metrics.service.enabled", "false"))
        .hasMessageContaining("metrics.service.enabled=true");
  }

  @Test
  void lintsStrictWithEveryOptionOn(@TempDir Path dir) throws Exception {
    Path copy = dir.resolve("costslo");
    try (Stream<Path> files = Files.walk(CHART)) {
      for (Path p : files.toList()) {
        Path target = copy.resolve(CHART.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    ObjectNode values = (ObjectNode) YAML.readTree(CHART.resolve("values.yaml").toFile());
    merge(values, YAML.readTree(ALL_OPTIONS.toFile()));
    YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
    LintResult result = new Helm(copy).lint().strict().call();
    assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
  }

  @Test
  void theCrdChartRendersTheGeneratedCrd() throws Exception {
    Path crdChart = CHART.resolveSibling("costslo-crd");
    assertThat(new Helm(crdChart).lint().strict().call().isFailed()).isFalse();
    List<JsonNode> docs = PolicyFiles.documents(new Helm(crdChart).template().withName("costslo-crd").call());
    List<JsonNode> generated = new java.util.ArrayList<>();
    try (var files = java.nio.file.Files.list(CHART.resolve("crds"))) {
      for (Path f : files.sorted().toList()) {
        generated.add(YAML.readTree(f.toFile()));
      }
    }
    assertThat(generated).hasSize(4);
    assertThat(docs).containsExactlyInAnyOrderElementsOf(generated);
  }

  @Test
  void alertRulesPassPromtoolAndQueryExportedSeries(@TempDir Path dir) throws Exception {
    JsonNode rule = kind(render(null, "prometheusRule.enabled", "true"), "PrometheusRule");
    Set<String> exported = ExportedSeries.names();
    List<String> alerts = new ArrayList<>();
    for (JsonNode r : rule.at("/spec/groups/0/rules")) {
      alerts.add(r.get("alert").asText());
      Set<String> used = ExportedSeries.referencedIn(r.get("expr").asText());
      assertThat(used).as("series in %s", r.get("alert")).isNotEmpty();
      assertThat(exported).as("exported series, for %s", r.get("alert")).containsAll(used);
    }
    assertThat(alerts).containsExactly("CostSloBudgetBurn", "CostSloSloBurn", "CostSloMetricsUnavailable",
        "CostSloOperatorDown");
    Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "promtool (Debian prometheus) not installed");
    Path file = dir.resolve("rules.yaml");
    YAML.writeValue(file.toFile(), rule.get("spec"));
    Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "rules", file.toString()).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("SUCCESS: 4 rules found");
  }

  private static void merge(ObjectNode into, JsonNode from) {
    from.fields().forEachRemaining(e -> {
      JsonNode existing = into.get(e.getKey());
      if (existing instanceof ObjectNode o && e.getValue().isObject()) {
        merge(o, e.getValue());
      } else {
        into.set(e.getKey(), e.getValue());
      }
    });
  }
}
