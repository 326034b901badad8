package io.costslo.app.metrics;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The HTTP client every metrics source shares: one selector thread and a small bounded executor
 * for all policies (a JDK HttpClient per policy costs about three threads each, 3,000 for 1,000
 * policies), separate from the reconciler threads, and bodies read with a byte limit while they
 * stream (a 50 MB /metrics page is refused at the limit, not held in memory). A Prometheus with
 * its own CA gets its own client (TLS trust is per client), cached by CA and bounded in number.
 */
public final class MetricsHttp implements AutoCloseable {
  /** Largest body read from a pod or Prometheus. */
  public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
  static final int THREADS = 4;
  private static final int QUEUE = 10_000;
  private static final int MAX_CA_CLIENTS = 16;

  private static final MetricsHttp SHARED = new MetricsHttp(Duration.ofSeconds(3), DEFAULT_MAX_BODY_BYTES);

  private final Duration connectTimeout;
  private final int maxBodyBytes;
  private final ThreadPoolExecutor executor;
  private final HttpClient plain;
  private final Map<String, HttpClient> byCa = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, HttpClient> eldest) {
      return size() > MAX_CA_CLIENTS;
    }
  };

  /**
   * @param connectTimeout TCP/TLS connect limit for every request
   * @param maxBodyBytes largest body accepted; a longer one fails with {@link BodyTooLargeException}
   */
  public MetricsHttp(Duration connectTimeout, int maxBodyBytes) {
    this.connectTimeout = connectTimeout;
    this.maxBodyBytes = maxBodyBytes;
    AtomicInteger n = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
      Thread t = new Thread(r, "costslo-metrics-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.plain = builder().build();
  }

  /** The operator's one instance. */
  public static MetricsHttp shared() {
    return SHARED;
  }

  private HttpClient.Builder builder() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER).executor(executor);
  }

  public HttpClient client() {
    return plain;
  }

  /** A client trusting exactly the CA certificates in the PEM, shared by every source with that CA. */
  public synchronized HttpClient trusting(String caPem) {
    return byCa.computeIfAbsent(sha256(caPem),
        k -> builder().sslContext(sslContext(caPem)).build());
  }

  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** The body as UTF-8 text, or a failed future with {@link BodyTooLargeException} past {@link #maxBodyBytes}. */
  public HttpResponse.BodyHandler<String> boundedText() {
    int limit = maxBodyBytes;
    return info -> new LimitedText(limit);
  }

  /**
   * Stops the executor (for instances other than {@link #shared}); the JDK 17 client's selector
   * thread ends once the client is unreachable.
   */
  @Override
  public void close() {
    executor.shutdownNow();
  }

  /** An SSLContext that trusts exactly the CA certificates in {@code pem}. */
  static SSLContext sslContext(String pem) {
    try {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      if (certs.isEmpty()) {
        throw new IllegalArgumentException("CA PEM holds no certificate");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("CA PEM is not usable: " + e.getMessage(), e);
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A body longer than the limit; the connection was cancelled at the limit. */
  public static final class BodyTooLargeException extends java.io.IOException {
    BodyTooLargeException(int limit) {
      super("body larger than " + limit + " bytes");
    }
  }

  /** Collects at most {@code limit} bytes, cancelling the stream beyond. */
  private static final class LimitedText implements HttpResponse.BodySubscriber<String> {
    private final int limit;
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    private Flow.Subscription subscription;

    LimitedText(int limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<String> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer b : items) {
        if (bytes.size() + b.remaining() > limit) {
          subscription.cancel();
          result.completeExceptionally(new BodyTooLargeException(limit));
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        bytes.write(chunk, 0, chunk.length);
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toString(StandardCharsets.UTF_8));
    }
  }
}
