package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** /metrics, /healthz and /readyz as `costslo run` serves them, scraped over loopback. */
class OperatorHttpMockTest {

  @Test
  void servesOperatorMetricsAndProbes() throws Exception {
    try (OperatorHarness h = new OperatorHarness();
        OperatorHttpServer http = new OperatorHttpServer(new InetSocketAddress("127.0.0.1", 0),
            h.operator.registry()::scrape, h.operator::isHealthy)) {
      h.createDeployment(1);
      h.createPolicy(p -> {});
      h.awaitReconciled("llama3-8b");
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + http.port();
      HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("# HELP costslo_reconciliations_total")
          .containsPattern("costslo_reconciliations_total\\{result=\"ok\"\\} [1-9]")
          .containsPattern("costslo_scale_operations_total\\{namespace=\"test\",policy=\"llama3-8b\"\\} 1.0")
          .containsPattern("costslo_build_info\\{java_version=\"[^\"]+\",version=\"" + BuildInfo.VERSION + "\"\\} 1")
          .as("JOSDK's reconcile metrics").containsPattern("(?m)^operator_sdk_reconciliations_[a-z_]+")
          .as("JVM metrics").contains("jvm_memory_used_bytes{").contains("jvm_threads_live_threads")
          .contains("process_uptime_seconds");
      assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
  }
}
