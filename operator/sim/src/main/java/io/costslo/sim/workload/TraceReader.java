package io.costslo.sim.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads request traces into a {@link Workload}: arrivals shifted to start at 0 and sorted. Rows with
 * zero output tokens (failed requests in BurstGPT, for instance) are kept with one token so the
 * request count matches the file; rows that do not parse fail with the line number.
 */
public final class TraceReader {
  private TraceReader() {}

  // Azure's 2023 timestamps carry 7 fractional digits and no offset ("2023-11-16 18:15:46.6805900", read
  // as UTC); the 2024 release writes 6 and an offset ("2024-05-10 00:00:00.009930+00:00"). Either, and
  // the ISO 'T' separator, are accepted.
  private static final DateTimeFormatter AZURE_TIME = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd")
      .optionalStart().appendLiteral(' ').optionalEnd()
      .optionalStart().appendLiteral('T').optionalEnd()
      .appendPattern("HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .toFormatter();

  private static final Pattern JSON_NUMBER = Pattern.compile("\"(timestamp|input_length|output_length)\"\\s*:\\s*(-?[0-9.eE+-]+)");

  public static Workload read(Path file, TraceFormat format) {
    Growing g = new Growing();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        try {
          switch (format) {
            case CSV -> csv(line, g);
            case AZURE -> azure(line, g);
            case BURSTGPT -> burstGpt(line, g);
            case MOONCAKE -> mooncake(line, g);
            default -> throw new IllegalStateException();
          }
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": cannot read " + format + " row: " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Workload.normalised(file.getFileName() + " (" + format.name().toLowerCase() + ")",
        Arrays.copyOf(g.t, g.n), Arrays.copyOf(g.in, g.n), Arrays.copyOf(g.out, g.n), null);
  }

  private static boolean isHeader(String firstCell) {
    return !firstCell.isEmpty() && !Character.isDigit(firstCell.charAt(0)) && firstCell.charAt(0) != '-'
        && firstCell.charAt(0) != '.';
  }

  private static void csv(String line, Growing g) {
    String[] c = line.split(",");
    if (isHeader(c[0].trim())) {
      return;
    }
    g.add(Double.parseDouble(c[0].trim()), parseCount(c[1]), parseCount(c[2]));
  }

  private static void azure(String line, Growing g) {
    String[] c = line.split(",");
    if (c[0].trim().equalsIgnoreCase("TIMESTAMP")) {
      return;
    }
    java.time.temporal.TemporalAccessor parsed = AZURE_TIME.parse(c[0].trim());
    LocalDateTime t = LocalDateTime.from(parsed);
    ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS)
        ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)) : ZoneOffset.UTC;
    double seconds = t.toEpochSecond(offset) + t.getNano() / 1e9;
    g.add(seconds, parseCount(c[1]), parseCount(c[2]));
  }

  private static void burstGpt(String line, Growing g) {
    String[] c = line.split(",");
    if (isHeader(c[0].trim())) {
      return;
    }
    g.add(Double.parseDouble(c[0].trim()), parseCount(c[2]), parseCount(c[3]));
  }

  private static void mooncake(String line, Growing g) {
    Matcher m = JSON_NUMBER.matcher(line);
    double ts = Double.NaN;
    int in = -1;
    int out = -1;
    while (m.find()) {
      switch (m.group(1)) {
        case "timestamp" -> ts = Double.parseDouble(m.group(2)) / 1000.0; // milliseconds in Mooncake traces
        case "input_length" -> in = (int) Double.parseDouble(m.group(2));
        default -> out = (int) Double.parseDouble(m.group(2));
      }
    }
    if (Double.isNaN(ts) || in < 0 || out < 0) {
      throw new IllegalArgumentException("needs timestamp, input_length and output_length");
    }
    g.add(ts, in, out);
  }

  private static int parseCount(String cell) {
    return (int) Math.round(Double.parseDouble(cell.trim()));
  }

  private static final class Growing {
    double[] t = new double[1024];
    int[] in = new int[1024];
    int[] out = new int[1024];
    int n;

    void add(double time, int input, int output) {
      if (n == t.length) {
        t = Arrays.copyOf(t, n * 2);
        in = Arrays.copyOf(in, n * 2);
        out = Arrays.copyOf(out, n * 2);
      }
      t[n] = time;
      in[n] = input;
      out[n] = output;
      n++;
    }
  }
}
