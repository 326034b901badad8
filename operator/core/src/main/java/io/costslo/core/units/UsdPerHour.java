package io.costslo.core.units;

/** A spend rate in US dollars per hour. */
public record UsdPerHour(double value) implements Comparable<UsdPerHour> {
  public static final UsdPerHour ZERO = new UsdPerHour(0);

  public UsdPerHour {
    if (Double.isNaN(value) || value < 0) {
      throw new IllegalArgumentException("USD per hour must be a non-negative number, got " + value);
    }
  }

  public static UsdPerHour of(double value) {
    return new UsdPerHour(value);
  }

  public UsdPerHour plus(UsdPerHour other) {
    return new UsdPerHour(value + other.value);
  }

  public UsdPerHour times(double factor) {
    return new UsdPerHour(value * factor);
  }

  @Override
  public int compareTo(UsdPerHour o) {
    return Double.compare(value, o.value);
  }

  @Override
  public String toString() {
    return String.format("$%.2f/h", value);
  }
}
