package io.costslo.app.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Serves /metrics (Prometheus text), /healthz (process alive) and /readyz (informers synced):
 * exact paths only (404 otherwise), GET and HEAD only (405 otherwise). Requests are served by a
 * small pool, not one thread, and a request whose headers have not arrived within
 * {@link #MAX_REQUEST_SECONDS} is dropped, so a client trickling bytes cannot make the liveness
 * probe time out and get the operator restarted.
 */
public final class OperatorHttpServer implements AutoCloseable {
  static final int THREADS = 4;
  static final long MAX_REQUEST_SECONDS = 5;
  private static final int QUEUE = 64;

  static {
    // Read once by the JDK server when its first instance starts; without them it waits forever.
    System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime",
        String.valueOf(MAX_REQUEST_SECONDS)));
    System.setProperty("sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime", "30"));
  }

  private final HttpServer server;
  private final ExecutorService executor;

  /** One response: status, content type, body. */
  private record Response(int status, String type, String body) {}

  public OperatorHttpServer(InetSocketAddress address, Supplier<String> metrics, BooleanSupplier ready) throws IOException {
    Map<String, Supplier<Response>> routes = Map.of(
        "/metrics", () -> new Response(200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()),
        "/healthz", () -> new Response(200, "text/plain", "ok\n"),
        "/readyz", () -> ready.getAsBoolean()
            ? new Response(200, "text/plain", "ok\n") : new Response(503, "text/plain", "not ready\n"));
    server = HttpServer.create(address, 0);
    server.createContext("/", route(routes));
    AtomicInteger n = new AtomicInteger();
    // Bounded: past the queue the connection is refused rather than a thread or a buffer added per client.
    executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
      Thread t = new Thread(r, "costslo-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.AbortPolicy());
    server.setExecutor(executor);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static HttpHandler route(Map<String, Supplier<Response>> routes) {
    return ex -> {
      try (ex) {
        String method = ex.getRequestMethod();
        Supplier<Response> handler = routes.get(ex.getRequestURI().getRawPath());
        if (handler == null) {
          respond(ex, new Response(404, "text/plain", "not found\n"), false);
        } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
          ex.getResponseHeaders().set("Allow", "GET, HEAD");
          respond(ex, new Response(405, "text/plain", "method not allowed\n"), false);
        } else {
          respond(ex, handler.get(), "HEAD".equals(method));
        }
      }
    };
  }

  private static void respond(HttpExchange ex, Response r, boolean headOnly) throws IOException {
    byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", r.type());
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    if (headOnly) {
      ex.sendResponseHeaders(r.status(), -1);
      return;
    }
    ex.sendResponseHeaders(r.status(), bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
