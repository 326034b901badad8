package io.costslo.app.metrics;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/** Hand-written stand-in for Prometheus's /api/v1/query on 127.0.0.1: canned answers per PromQL. */
final class FakePrometheus implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  final List<String> queries = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String fixedBody;

  FakePrometheus() throws IOException {
    this(null);
  }

  /** @param tls serve HTTPS with this context; null for plain HTTP */
  FakePrometheus(SSLContext tls) throws IOException {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      server = HttpServer.create(loopback, 16);
    } else {
      HttpsServer https = HttpsServer.create(loopback, 16);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    server.createContext("/api/v1/query", exchange -> {
      try (exchange) {
        String raw = exchange.getRequestURI().getRawQuery();
        String promql = "";
        for (String part : raw == null ? new String[0] : raw.split("&")) {
          if (part.startsWith("query=")) {
            promql = URLDecoder.decode(part.substring(6), StandardCharsets.UTF_8);
          }
        }
        queries.add(promql);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(auth == null ? "" : auth);
        String body = fixedBody != null ? fixedBody : answers.getOrDefault(promql, vector());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(bytes);
        }
      }
    });
    server.start();
  }

  URI uri() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
  }

  void answer(String promql, String json) {
    answers.put(promql, json);
  }

  void failWith(int httpStatus, String body) {
    status = httpStatus;
    fixedBody = body;
  }

  /** An instant vector with one series per value, no labels (or a pod label when given pairs). */
  static String vector(String... values) {
    StringBuilder sb = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
    for (int i = 0; i < values.length; i++) {
      sb.append(i > 0 ? "," : "").append("{\"metric\":{},\"value\":[1764000000.0,\"").append(values[i]).append("\"]}");
    }
    return sb.append("]}}").toString();
  }

  static String number(double v) {
    return vector(Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%s", v));
  }

  /** One series per pod: pod name → value. */
  static String byPod(Map<String, Double> values) {
    return byLabel("pod", values);
  }

  /** One series per value of {@code label}: label value → value (e.g. le → bucket rate). */
  static String byLabel(String label, Map<String, Double> values) {
    StringBuilder sb = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
    boolean first = true;
    for (Map.Entry<String, Double> e : values.entrySet()) {
      sb.append(first ? "" : ",").append("{\"metric\":{\"").append(label).append("\":\"").append(e.getKey())
          .append("\"},\"value\":[1764000000.0,\"").append(e.getValue()).append("\"]}");
      first = false;
    }
    return sb.append("]}}").toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
