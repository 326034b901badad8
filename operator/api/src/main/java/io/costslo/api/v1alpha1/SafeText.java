package io.costslo.api.v1alpha1;

/**
 * Text that came from a user or a remote server, made safe to write into status, events and logs:
 * control, line-separator and bidirectional-format characters escaped (so a newline in a spec
 * field cannot forge a log line) and the length capped (so a 100 KB field or a 300 KB error page is
 * not echoed whole).
 */
public final class SafeText {
  /** Longest message written to a condition, an event or a log line. */
  public static final int MAX_MESSAGE = 1024;
  /** Longest excerpt of one user value inside a message. */
  public static final int MAX_VALUE = 64;

  private SafeText() {}

  /** A whole message: escaped and capped at {@link #MAX_MESSAGE}. */
  public static String message(String text) {
    return capped(text, MAX_MESSAGE);
  }

  /** One user value quoted inside a message: escaped and capped at {@link #MAX_VALUE}. */
  public static String value(Object value) {
    return value == null ? "null" : "'" + capped(String.valueOf(value), MAX_VALUE) + "'";
  }

  /** Escaped, and cut to at most {@code max} characters with a note saying how much was left out. */
  public static String capped(String text, int max) {
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 16);
    int i = 0;
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      String piece = needsEscape(c) ? escape(c) : String.valueOf(c);
      if (out.length() + piece.length() > max) {
        break;
      }
      out.append(piece);
    }
    if (i < text.length()) {
      String note = "... (" + (text.length() - i) + " more characters)";
      int keep = Math.max(0, Math.min(out.length(), max - note.length()));
      out.setLength(keep);
      // Do not leave half a surrogate pair behind.
      if (keep > 0 && Character.isHighSurrogate(out.charAt(keep - 1))) {
        out.setLength(keep - 1);
      }
      out.append(note);
    }
    return out.toString();
  }

  private static boolean needsEscape(char c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
        || Character.getType(c) == Character.FORMAT;
  }

  private static String escape(char c) {
    return switch (c) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> String.format("\\u%04x", (int) c);
    };
  }
}
