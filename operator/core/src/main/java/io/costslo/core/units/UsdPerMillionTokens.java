package io.costslo.core.units;

/** Cost per token (CPT) as finance counts it: US dollars per one million output tokens. */
public record UsdPerMillionTokens(double value) implements Comparable<UsdPerMillionTokens> {

  public UsdPerMillionTokens {
    if (Double.isNaN(value) || value < 0) {
      throw new IllegalArgumentException("USD per 1M tokens must be a non-negative number, got " + value);
    }
  }

  public static UsdPerMillionTokens of(double value) {
    return new UsdPerMillionTokens(value);
  }

  /** Spend divided by output tokens; infinite when nothing is produced. */
  public static UsdPerMillionTokens of(UsdPerHour spend, TokensPerSecond outputTokens) {
    if (outputTokens.value() <= 0) {
      return new UsdPerMillionTokens(spend.value() == 0 ? 0 : Double.POSITIVE_INFINITY);
    }
    return new UsdPerMillionTokens(spend.value() / (outputTokens.value() * 3600.0) * 1_000_000.0);
  }

  @Override
  public int compareTo(UsdPerMillionTokens o) {
    return Double.compare(value, o.value);
  }

  @Override
  public String toString() {
    return String.format("$%.4f/1M", value);
  }
}
