package io.costslo.sim.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.sim.endpoint.VllmMetricsEndpoint.Naming;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VllmMetricsEndpointTest {

  private static String get(VllmMetricsEndpoint ep) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(ep.metricsUri()).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  @Test
  void exposesV1NamesWithVllmBuckets() throws Exception {
    try (VllmMetricsEndpoint ep = VllmMetricsEndpoint.start("m")) {
      ep.recordRequest(100, 11, Duration.ofMillis(30), Duration.ofMillis(20), Duration.ofMillis(400));
      ep.setRunning(3);
      ep.setKvUsage(0.25);
      String text = get(ep);

      assertThat(ep.metricsUri().getHost()).isEqualTo("127.0.0.1");
      assertThat(text)
          .contains("vllm:num_requests_running{engine=\"0\",model_name=\"m\"} 3.0")
          .contains("vllm:kv_cache_usage_perc{engine=\"0\",model_name=\"m\"} 0.25")
          .contains("vllm:prompt_tokens_total{engine=\"0\",model_name=\"m\"} 100.0")
          .contains("vllm:request_success_total{engine=\"0\",model_name=\"m\",finished_reason=\"stop\"} 1.0")
          // 30 ms lands in le=0.04; 20 ms ITL x 10 tokens lands in le=0.025
          .contains("vllm:time_to_first_token_seconds_bucket{engine=\"0\",model_name=\"m\",le=\"0.02\"} 0.0")
          .contains("vllm:time_to_first_token_seconds_bucket{engine=\"0\",model_name=\"m\",le=\"0.04\"} 1.0")
          .contains("vllm:time_to_first_token_seconds_bucket{engine=\"0\",model_name=\"m\",le=\"2560.0\"} 1.0")
          .contains("vllm:inter_token_latency_seconds_bucket{engine=\"0\",model_name=\"m\",le=\"0.025\"} 10.0")
          .contains("vllm:inter_token_latency_seconds_count{engine=\"0\",model_name=\"m\"} 10.0")
          .contains("vllm:e2e_request_latency_seconds_bucket{engine=\"0\",model_name=\"m\",le=\"+Inf\"} 1.0")
          .doesNotContain("gpu_cache_usage_perc");
    }
  }

  @Test
  void legacyNamesOnRequest() throws Exception {
    try (VllmMetricsEndpoint ep = VllmMetricsEndpoint.start("m", Naming.LEGACY, Clock.systemUTC())) {
      String text = get(ep);
      assertThat(text).contains("vllm:gpu_cache_usage_perc{model_name=\"m\"} 0.0")
          .contains("# TYPE vllm:time_per_output_token_seconds histogram")
          .doesNotContain("inter_token_latency");
    }
  }

  @Test
  void concurrentRecordingLosesNothing() throws Exception {
    try (VllmMetricsEndpoint ep = VllmMetricsEndpoint.start("m")) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            ep.recordRequest(10, 2, Duration.ofMillis(50), Duration.ofMillis(10), Duration.ofMillis(100));
          }
        }));
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 20; i++) {
            assertThat(ep.render()).contains("+Inf");
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(get(ep)).contains("vllm:request_success_total{engine=\"0\",model_name=\"m\",finished_reason=\"stop\"} 2000.0")
          .contains("vllm:prompt_tokens_total{engine=\"0\",model_name=\"m\"} 20000.0");
    }
  }
}
