package io.costslo.api.v1alpha1;

import java.time.Duration;
import java.util.regex.Matcher;

/** Go-style durations as Kubernetes users write them: 500ms, 2s, 1m30s, 1h. */
public final class Durations {
  /** One or more number+unit parts; units us, ms, s, m, h. */
  public static final String PATTERN = "^([0-9]+(\\.[0-9]+)?(us|ms|s|m|h))+$";

  private static final java.util.regex.Pattern PART =
      java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(us|ms|s|m|h)");
  private static final java.util.regex.Pattern WHOLE = java.util.regex.Pattern.compile(PATTERN);

  private Durations() {}

  /**
   * @throws IllegalArgumentException when the text is not a duration like 500ms or 1m30s
   */
  public static Duration parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 500ms, 2s, 1m30s");
    }
    Matcher m = PART.matcher(text);
    double nanos = 0;
    while (m.find()) {
      double n = Double.parseDouble(m.group(1));
      nanos += n * switch (m.group(2)) {
        case "us" -> 1e3;
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        case "h" -> 3600e9;
        default -> throw new IllegalStateException(m.group(2));
      };
    }
    return Duration.ofNanos(Math.round(nanos));
  }

  /** Short form for status and tables: 1.23s, 45ms, 800us. */
  public static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos >= 60_000_000_000L) {
      long s = d.toSeconds();
      return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
    }
    if (nanos >= 1_000_000_000L) {
      return trim(nanos / 1e9) + "s";
    }
    if (nanos >= 1_000_000L) {
      return trim(nanos / 1e6) + "ms";
    }
    return trim(nanos / 1e3) + "us";
  }

  private static String trim(double v) {
    String s = String.format(java.util.Locale.ROOT, "%.3f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
