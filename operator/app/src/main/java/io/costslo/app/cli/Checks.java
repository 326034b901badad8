package io.costslo.app.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Range checks on numeric options, reported like picocli's own type errors (one line, exit 2). */
final class Checks {
  private Checks() {}

  static void positive(CommandSpec spec, String option, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new ParameterException(spec.commandLine(),
          "Invalid value for option '" + option + "': must be a positive number but was " + fmt(value));
    }
  }

  static void atLeast(CommandSpec spec, String option, long value, long min) {
    if (value < min) {
      throw new ParameterException(spec.commandLine(),
          "Invalid value for option '" + option + "': must be " + min + " or more but was " + value);
    }
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
