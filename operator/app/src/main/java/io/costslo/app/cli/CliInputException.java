package io.costslo.app.cli;

/** Bad input to a command (a file, an option value): one line naming the problem and its fix; exit 2. */
public final class CliInputException extends RuntimeException {
  public CliInputException(String message) {
    super(message);
  }

  public CliInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
