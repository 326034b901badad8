package io.costslo.core.units;

import java.time.Duration;

/**
 * The one place durations are read, written and converted: Go-style text as Kubernetes users write
 * it (500ms, 2s, 1m30s, 1h; the CRD schema uses {@link #PATTERN}, {@link #MAX_CEL} and
 * {@link #MAX_TEXT}), and seconds as a double for the fits and the metrics, nanosecond resolution.
 */
public final class Durations {
  /** One or more number+unit parts; units us, ms, s, m, h. For the CRD schema; {@link #parse} does not use it. */
  public static final String PATTERN = "^([0-9]+(\\.[0-9]+)?(us|ms|s|m|h))+$";
  /** Longest duration accepted: one year. */
  public static final Duration MAX = Duration.ofHours(8760);
  /** The same bound as CEL writes it. */
  public static final String MAX_CEL = "8760h";
  /** Most characters of a duration's text, such as 1m30s. */
  public static final int MAX_TEXT = 32;

  private Durations() {}

  /**
   * One left-to-right pass (no regular expression, so no backtracking or recursion on long input).
   *
   * @throws IllegalArgumentException when the text is not a duration like 500ms or 1m30s, is longer
   *     than {@link #MAX_TEXT} characters, or exceeds {@link #MAX}
   */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      throw notADuration(text);
    }
    if (text.length() > MAX_TEXT) {
      throw new IllegalArgumentException("a duration of " + text.length() + " characters is too long (at most "
          + MAX_TEXT + "); write e.g. 30s or 1m30s");
    }
    double nanos = 0;
    int i = 0;
    while (i < text.length()) {
      int start = i;
      while (i < text.length() && isDigit(text.charAt(i))) {
        i++;
      }
      if (i == start) {
        throw notADuration(text);
      }
      if (i < text.length() && text.charAt(i) == '.') {
        int fraction = ++i;
        while (i < text.length() && isDigit(text.charAt(i))) {
          i++;
        }
        if (i == fraction) {
          throw notADuration(text);
        }
      }
      double n = Double.parseDouble(text.substring(start, i));
      double unit;
      if (text.startsWith("us", i)) {
        unit = 1e3;
        i += 2;
      } else if (text.startsWith("ms", i)) {
        unit = 1e6;
        i += 2;
      } else if (text.startsWith("s", i)) {
        unit = 1e9;
        i++;
      } else if (text.startsWith("m", i)) {
        unit = 60e9;
        i++;
      } else if (text.startsWith("h", i)) {
        unit = 3600e9;
        i++;
      } else {
        throw notADuration(text);
      }
      nanos += n * unit;
    }
    if (!(nanos <= MAX.toNanos())) {
      throw new IllegalArgumentException("'" + text + "' is longer than " + MAX_CEL + " (one year)");
    }
    return Duration.ofNanos(Math.round(nanos));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException notADuration(String text) {
    return new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 500ms, 2s, 1m30s");
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

  public static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }

  /** @throws IllegalArgumentException for NaN or an infinite time */
  public static Duration ofSeconds(double seconds) {
    if (!Double.isFinite(seconds)) {
      throw new IllegalArgumentException("not a finite time: " + seconds);
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }
}
