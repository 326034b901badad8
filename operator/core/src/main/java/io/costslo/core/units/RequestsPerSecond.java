package io.costslo.core.units;

/** An arrival or completion rate of requests. */
public record RequestsPerSecond(double value) implements Comparable<RequestsPerSecond> {
  public static final RequestsPerSecond ZERO = new RequestsPerSecond(0);

  public RequestsPerSecond {
    if (Double.isNaN(value) || value < 0) {
      throw new IllegalArgumentException("requests per second must be a non-negative number, got " + value);
    }
  }

  public static RequestsPerSecond of(double value) {
    return new RequestsPerSecond(value);
  }

  /** Token throughput implied by this rate at a mean of tokensPerRequest. */
  public TokensPerSecond tokens(double tokensPerRequest) {
    return new TokensPerSecond(value * tokensPerRequest);
  }

  @Override
  public int compareTo(RequestsPerSecond o) {
    return Double.compare(value, o.value);
  }

  @Override
  public String toString() {
    return String.format("%.2f req/s", value);
  }
}
