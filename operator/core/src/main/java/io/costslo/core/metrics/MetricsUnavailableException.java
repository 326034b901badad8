package io.costslo.core.metrics;

/** The metrics cannot be trusted this cycle. {@link #reason()} is a CamelCase condition reason. */
public class MetricsUnavailableException extends Exception {
  private final String reason;

  public MetricsUnavailableException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public MetricsUnavailableException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
