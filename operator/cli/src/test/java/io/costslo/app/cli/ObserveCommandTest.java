package io.costslo.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.costslo.sim.endpoint.VllmMetricsEndpoint;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** `costslo observe` against a simulated vLLM pod on 127.0.0.1. */
class ObserveCommandTest {

  @Test
  void reportsWhatTheEndpointsCountersImply() throws Exception {
    try (VllmMetricsEndpoint pod = VllmMetricsEndpoint.start("llama")) {
      pod.setRunning(12);
      pod.setWaiting(3);
      pod.setKvUsage(0.25);
      CompletableFuture<PlanCommandTest.Run> run = CompletableFuture.supplyAsync(() ->
          PlanCommandTest.run("observe", "-f", PlanCommandTest.POLICY.toString(), "--pods", pod.hostPort(),
              "--interval", "2s"));
      // Requests finish between the baseline scrape and the second one.
      await().atMost(Duration.ofSeconds(10)).until(() -> pod.scrapes() >= 1);
      for (int i = 0; i < 40; i++) {
        // A quarter of the first tokens come after the policy's 2 s TTFT objective (5 s: bucket 2.5..5).
        Duration ttft = i % 4 == 0 ? Duration.ofSeconds(5) : Duration.ofMillis(200);
        pod.recordRequest(500, 100, ttft, Duration.ofMillis(20), Duration.ofSeconds(2));
      }
      PlanCommandTest.Run r = run.get();
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      assertThat(r.out())
          .contains("Status: OK")
          .containsPattern("ready pods\\s+1")
          .contains("500.0 /request")
          .contains("100.0 /request")
          .containsPattern("running\\s+12.0")
          .containsPattern("waiting\\s+3.0")
          .contains("25.0 %")
          // The policy's objectives reach the query: the attainment is measured, TTFT's share being the smaller.
          .containsPattern("attainment\\s+75.00 %\\s+smaller of the shares");
    }
  }

  @Test
  void aPodThatDoesNotAnswerIsAHoldWithItsReason() {
    PlanCommandTest.Run r = PlanCommandTest.run("observe", "-f", PlanCommandTest.POLICY.toString(),
        "--pods", "127.0.0.1:1", "--interval", "100ms");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("Status: HOLD").contains("Reason: PodScrapeFailed");
  }
}
