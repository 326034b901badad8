package io.costslo.app.metrics;

import io.costslo.app.demo.SharedClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsUnavailableException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TLS to Prometheus: a supplied CA PEM is trusted, an unknown certificate is refused. */
class PrometheusTlsTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final MetricsQuery QUERY = new MetricsQuery("serving", "llama-8b", Duration.ofSeconds(60), 0.99,
      Map.of());

  /** The default connect limit is a production figure; a loaded 2-core CI runner can take longer for a TLS handshake. */
  private static final Duration SLOW_MACHINE = Duration.ofSeconds(30);
  private static final MetricsHttp SLOW_HTTP = new MetricsHttp(SLOW_MACHINE, MetricsHttp.DEFAULT_MAX_BODY_BYTES);

  private FakePrometheus prometheus;
  private String caPem;

  @BeforeEach
  void start() throws Exception {
    char[] password = "changeit".toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = getClass().getResourceAsStream("/tls/prometheus-test.p12")) {
      ks.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, password);
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    prometheus = new FakePrometheus(server);
    try (InputStream in = getClass().getResourceAsStream("/tls/prometheus-test-ca.pem")) {
      caPem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  @AfterEach
  void stop() {
    prometheus.close();
  }

  @Test
  void trustsTheSuppliedCaAndSendsTheToken() throws Exception {
    PrometheusMetricsSource source = new PrometheusMetricsSource(PrometheusMetricsSource.Settings
        .of(prometheus.uri(), Engine.VLLM).withCaCertificatePem(caPem).withBearerToken("tok").withTimeouts(SLOW_MACHINE, SLOW_MACHINE),
        new SharedClock(NOW), SLOW_HTTP);
    // Every query answers "1", the newest sample included; staleness is not the point here.
    prometheus.answer(source.promql(QueryNames.NEWEST_SAMPLE, QUERY).orElseThrow(),
        FakePrometheus.number(NOW.getEpochSecond()));
    for (String name : new String[] {QueryNames.REQUEST_RATE, QueryNames.PROMPT_TOKEN_RATE,
        QueryNames.OUTPUT_TOKEN_RATE, QueryNames.TTFT, QueryNames.ITL, QueryNames.RUNNING, QueryNames.WAITING,
        QueryNames.KV_CACHE_USAGE, QueryNames.READY_PODS}) {
      prometheus.answer(source.promql(name, QUERY).orElseThrow(), FakePrometheus.number(1));
    }

    assertThat(source.observe(QUERY).readyPods()).isEqualTo(1);
    assertThat(prometheus.uri().getScheme()).isEqualTo("https");
    assertThat(prometheus.authorizations).contains("Bearer tok");
  }

  @Test
  void unknownCertificateIsUnreachable() {
    PrometheusMetricsSource jdkTrust = new PrometheusMetricsSource(
        PrometheusMetricsSource.Settings.of(prometheus.uri(), Engine.VLLM).withTimeouts(SLOW_MACHINE, SLOW_MACHINE),
        new SharedClock(NOW), SLOW_HTTP);
    assertThatThrownBy(() -> jdkTrust.observe(QUERY)).isInstanceOf(MetricsUnavailableException.class)
        .satisfies(e -> assertThat(((MetricsUnavailableException) e).reason()).isEqualTo("PrometheusUnreachable"))
        .hasMessageContaining("SSL");
  }

  @Test
  void unusablePemIsAConfigurationError() {
    assertThatThrownBy(() -> new PrometheusMetricsSource(PrometheusMetricsSource.Settings
        .of(prometheus.uri(), Engine.VLLM).withCaCertificatePem("not a certificate"), new SharedClock(NOW)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CA PEM");
  }
}
