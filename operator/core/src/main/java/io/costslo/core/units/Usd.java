package io.costslo.core.units;

/** An amount of money in US dollars (spend over a period, a period's limit). */
public record Usd(double value) implements Comparable<Usd> {
  public static final Usd ZERO = new Usd(0);

  public Usd {
    if (Double.isNaN(value) || value < 0) {
      throw new IllegalArgumentException("USD must be a non-negative number, got " + value);
    }
  }

  public static Usd of(double value) {
    return new Usd(value);
  }

  public Usd plus(Usd other) {
    return new Usd(value + other.value);
  }

  /** This amount less another, never below zero. */
  public Usd minusFloored(Usd other) {
    return new Usd(Math.max(0, value - other.value));
  }

  @Override
  public int compareTo(Usd o) {
    return Double.compare(value, o.value);
  }

  @Override
  public String toString() {
    return String.format("$%.2f", value);
  }
}
