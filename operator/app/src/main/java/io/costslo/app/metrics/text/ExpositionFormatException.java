package io.costslo.app.metrics.text;

/** The body of a /metrics response is not valid Prometheus text exposition format. */
public class ExpositionFormatException extends Exception {
  private final int line;

  public ExpositionFormatException(int line, String message) {
    super("line " + line + ": " + message);
    this.line = line;
  }

  /** 1-based line number of the offending line. */
  public int line() {
    return line;
  }
}
