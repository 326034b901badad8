package io.costslo.core.units;

/** A token throughput. */
public record TokensPerSecond(double value) implements Comparable<TokensPerSecond> {
  public static final TokensPerSecond ZERO = new TokensPerSecond(0);

  public TokensPerSecond {
    if (Double.isNaN(value) || value < 0) {
      throw new IllegalArgumentException("tokens per second must be a non-negative number, got " + value);
    }
  }

  public static TokensPerSecond of(double value) {
    return new TokensPerSecond(value);
  }

  @Override
  public int compareTo(TokensPerSecond o) {
    return Double.compare(value, o.value);
  }

  @Override
  public String toString() {
    return String.format("%.1f tok/s", value);
  }
}
