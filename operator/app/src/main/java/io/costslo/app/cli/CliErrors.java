package io.costslo.app.cli;

import io.costslo.app.policy.InvalidPolicyException;
import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The CLI's one error path: every failure is one line on stderr, {@code costslo <command>: <problem>; <fix>}.
 * Usage and input errors exit {@value #USAGE}; anything else exits {@value #FAILURE}, with the stack trace
 * only when {@code COSTSLO_DEBUG} is set.
 */
public final class CliErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {
  public static final int USAGE = 2;
  public static final int FAILURE = 1;

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    String line = oneLine(ex.getMessage());
    if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      line += " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
    }
    print(cmd, line + "; see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
    return USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    if (ex instanceof ParameterException p) {
      return handleParseException(p, parseResult.originalArgs().toArray(String[]::new));
    }
    if (System.getenv("COSTSLO_DEBUG") != null) {
      ex.printStackTrace(cmd.getErr());
    }
    Throwable missing = missingFile(ex);
    if (missing != null) {
      print(cmd, "no such file " + oneLine(missing.getMessage()) + "; check the path");
      return USAGE;
    }
    if (ex instanceof CliInputException || ex instanceof IllegalArgumentException) {
      print(cmd, oneLine(ex.getMessage()));
      return USAGE;
    }
    if (ex instanceof InvalidPolicyException p) {
      print(cmd, oneLine(String.join("; ", p.violations().stream().map(Object::toString).toList())));
      return USAGE;
    }
    print(cmd, "failed: " + ex.getClass().getSimpleName() + ": " + oneLine(String.valueOf(ex.getMessage()))
        + "; set COSTSLO_DEBUG=1 for the stack trace");
    return FAILURE;
  }

  private static Throwable missingFile(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof NoSuchFileException || c instanceof FileNotFoundException) {
        return c;
      }
    }
    return null;
  }

  private static void print(CommandLine cmd, String line) {
    PrintWriter err = cmd.getErr();
    err.println(cmd.getCommandSpec().qualifiedName() + ": " + line);
    err.flush();
  }

  /** Messages from parsers span lines; the user gets them on one. */
  static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
