package io.costslo.app.cli;

import io.costslo.core.units.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations on the command line in the CRD's form (10s, 2m, 1m30s), through the project's one parser. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    Duration d;
    try {
      d = Durations.parse(value.trim());
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage() + " (the CRD's form, not ISO-8601)");
    }
    if (d.isZero()) {
      throw new TypeConversionException("'" + value + "' is zero; give a positive duration, e.g. 10s");
    }
    return d;
  }
}
