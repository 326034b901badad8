package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The operator's own HTTP server on loopback: exact paths, GET/HEAD only, not stalled by a slow client. */
class OperatorHttpServerTest {
  private OperatorHttpServer server;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeEach
  void start() throws Exception {
    server = new OperatorHttpServer(new InetSocketAddress("127.0.0.1", 0), () -> "costslo_up 1\n", () -> true);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(3)).method(method, HttpRequest.BodyPublishers.noBody()).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "GET, /healthz, 200",
    "GET, /readyz, 200",
    "GET, /metrics, 200",
    "HEAD, /healthz, 200",
    "GET, /healthz/anything, 404",
    "GET, /healthzz, 404",
    "GET, /, 404",
    "GET, /metrics/../healthz, 404",
    "POST, /healthz, 405",
    "PUT, /metrics, 405",
    "DELETE, /readyz, 405",
    "POST, /nothing, 404",
  })
  void answersOnlyItsExactPathsAndMethods(String method, String path, int status) throws Exception {
    HttpResponse<String> r = send(method, path);
    assertThat(r.statusCode()).isEqualTo(status);
    if (status == 405) {
      assertThat(r.headers().firstValue("Allow")).contains("GET, HEAD");
    }
    if ("HEAD".equals(method)) {
      assertThat(r.body()).isEmpty();
    }
  }

  @Test
  void aClientTricklingHeadersDoesNotStallTheLivenessProbe() throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    try (Socket slow = new Socket("127.0.0.1", server.port())) {
      OutputStream out = slow.getOutputStream();
      out.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread trickle = new Thread(() -> {
        // One byte every 100 ms for at most 3 s: the headers never end while the probe runs.
        for (int i = 0; i < 30 && !done.get(); i++) {
          try {
            out.write('a');
            out.flush();
            Thread.sleep(100);
          } catch (Exception e) {
            return; // the server dropped us, which is also fine
          }
        }
      });
      trickle.start();
      Thread.sleep(200);
      for (int i = 0; i < 5; i++) {
        assertThat(send("GET", "/healthz").statusCode()).isEqualTo(200);
      }
      done.set(true);
      trickle.join();
    }
  }
}
