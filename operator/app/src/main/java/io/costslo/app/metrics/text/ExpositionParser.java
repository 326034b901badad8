package io.costslo.app.metrics.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parser of the Prometheus text exposition format 0.0.4, the body vLLM, TGI and SGLang serve on
 * /metrics. Written here because no maintained Java parser of the format is published (the
 * Prometheus Java client only writes it).
 *
 * <p>Handles comments, HELP and TYPE lines, label values with the escapes \\ \" \n, trailing comma
 * in label sets, NaN and ±Inf values, and optional integer millisecond timestamps. Anything else
 * is rejected with an {@link ExpositionFormatException}; the parser throws nothing else.
 */
public final class ExpositionParser {
  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
  // Go's ParseFloat accepts more, but exporters only write these forms; Java's own extras (1d, 0x1p3) are refused.
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern TIMESTAMP = Pattern.compile("-?\\d{1,19}");
  /** Bound on lines and on label pairs, so a hostile body cannot make the parser work unboundedly. */
  private static final int MAX_LINES = 1_000_000;
  private static final int MAX_LABELS = 128;
  /** Series per page: an engine exposes hundreds; more is a broken or hostile exporter, refused whole. */
  public static final int MAX_SAMPLES = 50_000;

  private ExpositionParser() {}

  public static Exposition parse(String body) throws ExpositionFormatException {
    if (body == null) {
      throw new ExpositionFormatException(0, "no body");
    }
    List<MetricSample> samples = new ArrayList<>();
    Map<String, String> types = new HashMap<>();
    int lineNo = 0;
    int start = 0;
    while (start <= body.length()) {
      int end = body.indexOf('\n', start);
      if (end < 0) {
        end = body.length();
      }
      String line = body.substring(start, end);
      start = end + 1;
      lineNo++;
      if (lineNo > MAX_LINES) {
        throw new ExpositionFormatException(lineNo, "more than " + MAX_LINES + " lines");
      }
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isBlank()) {
        continue;
      }
      if (line.stripLeading().startsWith("#")) {
        comment(line.stripLeading(), lineNo, types);
      } else {
        if (samples.size() >= MAX_SAMPLES) {
          throw new ExpositionFormatException(lineNo, "more than " + MAX_SAMPLES + " series");
        }
        samples.add(new LineCursor(line, lineNo).sample());
      }
    }
    return new Exposition(samples, types);
  }

  private static void comment(String line, int lineNo, Map<String, String> types) throws ExpositionFormatException {
    String[] parts = line.substring(1).strip().split("[ \t]+", 3);
    if (parts.length < 2 || !(parts[0].equals("HELP") || parts[0].equals("TYPE"))) {
      return; // a plain comment
    }
    if (!isMetricName(parts[1])) {
      throw new ExpositionFormatException(lineNo, parts[0] + " names an invalid metric '" + parts[1] + "'");
    }
    if (parts[0].equals("TYPE")) {
      String type = parts.length == 3 ? parts[2].strip() : "";
      if (!TYPES.contains(type)) {
        throw new ExpositionFormatException(lineNo, "unknown TYPE '" + type + "' for " + parts[1]);
      }
      if (types.putIfAbsent(parts[1], type) != null) {
        throw new ExpositionFormatException(lineNo, "second TYPE line for " + parts[1]);
      }
    }
  }

  static boolean isMetricName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A sample value or an {@code le} bound as the format writes it: decimal, NaN or ±Inf. */
  public static double parseValue(String token, int lineNo) throws ExpositionFormatException {
    switch (token) {
      case "NaN", "nan", "Nan":
        return Double.NaN;
      case "+Inf", "Inf", "+inf", "inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf", "-inf":
        return Double.NEGATIVE_INFINITY;
      default:
        if (!DECIMAL.matcher(token).matches()) {
          throw new ExpositionFormatException(lineNo, "not a number: '" + abbreviate(token) + "'");
        }
        return Double.parseDouble(token);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  /** Walks one sample line left to right. */
  private static final class LineCursor {
    private final String line;
    private final int lineNo;
    private int pos;

    LineCursor(String line, int lineNo) {
      this.line = line;
      this.lineNo = lineNo;
    }

    MetricSample sample() throws ExpositionFormatException {
      skipBlanks();
      String name = name(true);
      Map<String, String> labels = new LinkedHashMap<>();
      skipBlanks();
      if (pos < line.length() && line.charAt(pos) == '{') {
        pos++;
        labels(labels);
      }
      skipBlanks();
      String valueToken = token();
      if (valueToken.isEmpty()) {
        throw fail("missing value for " + name);
      }
      double value = parseValue(valueToken, lineNo);
      skipBlanks();
      OptionalLong ts = OptionalLong.empty();
      if (pos < line.length()) {
        String tsToken = token();
        if (!TIMESTAMP.matcher(tsToken).matches()) {
          throw fail("bad timestamp '" + abbreviate(tsToken) + "'");
        }
        try {
          ts = OptionalLong.of(Long.parseLong(tsToken));
        } catch (NumberFormatException e) {
          throw fail("timestamp out of range '" + tsToken + "'");
        }
        skipBlanks();
        if (pos < line.length()) {
          throw fail("unexpected text after timestamp");
        }
      }
      return new MetricSample(name, labels, value, ts);
    }

    private void labels(Map<String, String> labels) throws ExpositionFormatException {
      while (true) {
        skipBlanks();
        if (pos >= line.length()) {
          throw fail("unterminated label set");
        }
        if (line.charAt(pos) == '}') {
          pos++;
          return;
        }
        String label = name(false);
        skipBlanks();
        expect('=');
        skipBlanks();
        expect('"');
        String value = quoted();
        if (labels.put(label, value) != null) {
          throw fail("duplicate label '" + label + "'");
        }
        if (labels.size() > MAX_LABELS) {
          throw fail("more than " + MAX_LABELS + " labels");
        }
        skipBlanks();
        if (pos < line.length() && line.charAt(pos) == ',') {
          pos++;
        } else if (pos < line.length() && line.charAt(pos) == '}') {
          pos++;
          return;
        } else {
          throw fail("expected ',' or '}' in label set");
        }
      }
    }

    private String quoted() throws ExpositionFormatException {
      StringBuilder sb = new StringBuilder();
      while (pos < line.length()) {
        char c = line.charAt(pos++);
        if (c == '"') {
          return sb.toString();
        }
        if (c == '\\') {
          if (pos >= line.length()) {
            break;
          }
          char e = line.charAt(pos++);
          switch (e) {
            case '\\' -> sb.append('\\');
            case '"' -> sb.append('"');
            case 'n' -> sb.append('\n');
            default -> throw fail("invalid escape '\\" + e + "' in label value");
          }
        } else {
          sb.append(c);
        }
      }
      throw fail("unterminated label value");
    }

    private String name(boolean metric) throws ExpositionFormatException {
      int from = pos;
      while (pos < line.length()) {
        char c = line.charAt(pos);
        boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (pos > from && c >= '0' && c <= '9')
            || (metric && c == ':');
        if (!ok) {
          break;
        }
        pos++;
      }
      if (pos == from) {
        throw fail("expected a " + (metric ? "metric" : "label") + " name at column " + (pos + 1));
      }
      return line.substring(from, pos);
    }

    private String token() {
      int from = pos;
      while (pos < line.length() && line.charAt(pos) != ' ' && line.charAt(pos) != '\t') {
        pos++;
      }
      return line.substring(from, pos);
    }

    private void expect(char c) throws ExpositionFormatException {
      if (pos >= line.length() || line.charAt(pos) != c) {
        throw fail("expected '" + c + "' at column " + (pos + 1));
      }
      pos++;
    }

    private void skipBlanks() {
      while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
        pos++;
      }
    }

    private ExpositionFormatException fail(String message) {
      return new ExpositionFormatException(lineNo, message);
    }
  }
}
