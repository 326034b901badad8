package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.MetricsSpec;
import io.costslo.api.v1alpha1.PrometheusSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * A fake endpoint on 127.0.0.1 stands in for an attacker's server: it records what the operator
 * sends and answers with text that must not reach status. A token is sent only when the Secret
 * opts in and the host is allowed; a path that would reach another host is refused by name.
 */
class CredentialsMockTest {
  private static final String NAME = "llama3-8b";
  private static final String TOKEN = "s3cret-token";
  private static final String CANARY = "CANARY-remote-text";

  private HttpServer attacker;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private OperatorHarness h;

  @BeforeEach
  void startAttacker() throws Exception {
    attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    attacker.createContext("/", ex -> {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      requests.add(ex.getRequestURI().getPath() + " auth=" + auth);
      byte[] body = ("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"" + CANARY + "\"}")
          .getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(400, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    attacker.start();
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
    attacker.stop(0);
  }

  private void start(Set<String> allowedHosts, boolean labelled) {
    h = new OperatorHarness(OperatorHarness.testSettings().withMetricsAllowedHosts(allowedHosts));
    var secret = new SecretBuilder().withNewMetadata().withName("prom-token").withNamespace(OperatorHarness.NS)
        .endMetadata()
        // data, not stringData: the mock API server does not encode stringData as a real one does.
        .addToData("token", java.util.Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8)));
    if (labelled) {
      secret.editMetadata().addToLabels(KubernetesMetricsSources.CREDENTIALS_LABEL, "true").endMetadata();
    }
    h.client.secrets().inNamespace(OperatorHarness.NS).resource(secret.build()).create();
    h.createDeployment(2);
    h.createPolicy(p -> {
      p.getSpec().metrics = new MetricsSpec();
      p.getSpec().metrics.source = "Prometheus";
      p.getSpec().metrics.prometheus = new PrometheusSpec();
      p.getSpec().metrics.prometheus.url = "http://127.0.0.1:" + attacker.getAddress().getPort();
      p.getSpec().metrics.prometheus.bearerTokenSecretRef = new PrometheusSpec.SecretKeyRef();
      p.getSpec().metrics.prometheus.bearerTokenSecretRef.name = "prom-token";
      p.getSpec().metrics.prometheus.bearerTokenSecretRef.key = "token";
    });
  }

  private Condition metricsCondition() {
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      InferenceCostPolicy p = h.policy(NAME);
      return p.getStatus() != null && Conditions.find(p.getStatus().conditions, Conditions.METRICS_AVAILABLE) != null;
    });
    return h.condition(NAME, Conditions.METRICS_AVAILABLE);
  }

  @ParameterizedTest(name = "allowed={0} labelled={1}")
  @CsvSource({
    "'', true, MetricsHostNotAllowed, metrics.allowedHosts",
    "'example.org', true, MetricsHostNotAllowed, metrics.allowedHosts",
    "'127.0.0.1', false, SecretUnavailable, costslo.io/metrics-credentials=true",
  })
  void noCredentialLeavesUnlessAllowed(String allowed, boolean labelled, String reason, String hint) {
    start(allowed.isEmpty() ? Set.of() : Set.of(allowed), labelled);
    Condition c = metricsCondition();
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo(reason);
    assertThat(c.getMessage()).contains(hint);
    assertThat(requests).noneMatch(r -> r.contains(TOKEN));
  }

  @Test
  void anAllowedHostGetsTheTokenButItsAnswerIsNotRepeated() {
    start(Set.of("127.0.0.1"), true);
    await().atMost(Duration.ofSeconds(60)).until(() -> requests.stream().anyMatch(r -> r.contains("Bearer " + TOKEN)));
    await().atMost(Duration.ofSeconds(60)).until(() -> "PrometheusQueryFailed".equals(metricsCondition().getReason()));
    assertThat(metricsCondition().getMessage()).doesNotContain(CANARY).contains("bad_data");
    assertThat(h.events()).noneMatch(e -> e.getMessage().contains(CANARY));
  }

  @Test
  void aPathReachingAnotherHostIsRefusedByName() {
    h = new OperatorHarness();
    h.createDeployment(2);
    String before = h.deploymentResourceVersion(NAME);
    h.createPolicy(p -> {
      p.getSpec().metrics.path = "@127.0.0.1:" + attacker.getAddress().getPort() + "/admin";
    });
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      InferenceCostPolicy p = h.policy(NAME);
      return p.getStatus() != null && Conditions.find(p.getStatus().conditions, Conditions.READY) != null;
    });
    Condition ready = h.condition(NAME, Conditions.READY);
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(ready.getMessage()).contains("spec.metrics.path").contains("no '//', '@'");
    assertThat(requests).isEmpty();
    assertThat(h.deploymentResourceVersion(NAME)).isEqualTo(before);
  }
}
