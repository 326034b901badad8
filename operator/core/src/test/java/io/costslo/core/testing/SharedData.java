package io.costslo.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the shared data files through the {@code costslo.shared.data} system property (set by
 * surefire). Tests that need them are skipped, with a message, only when the directory is absent.
 */
public final class SharedData {
  private SharedData() {}

  public static Path dir(String sub) {
    String root = System.getProperty("costslo.shared.data");
    assumeTrue(root != null, "system property costslo.shared.data is not set; skipping data-backed test");
    Path p = Path.of(root).resolve(sub);
    assumeTrue(Files.isDirectory(p), "shared data directory " + p + " is absent; skipping data-backed test");
    return p;
  }

  /** A CSV row with its 1-based line number in the file (header is line 1). */
  public record Row(int line, Map<String, String> cells) {
    public String get(String column) {
      String v = cells.get(column);
      if (v == null) {
        throw new IllegalArgumentException("no column " + column + " in " + cells.keySet());
      }
      return v;
    }

    public double number(String column) {
      return Double.parseDouble(get(column).trim());
    }
  }

  /** Simple CSV: no quoted commas in the files we read; lines starting with '#' are comments. */
  public static List<Row> csv(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      List<Row> rows = new ArrayList<>();
      String[] header = null;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split(",", -1);
        if (header == null) {
          header = parts;
          continue;
        }
        Map<String, String> cells = new LinkedHashMap<>();
        for (int k = 0; k < header.length; k++) {
          cells.put(header[k], k < parts.length ? parts[k] : "");
        }
        if (parts.length > header.length) { // trailing free text with commas goes to the last column
          cells.put(header[header.length - 1],
              String.join(",", Arrays.copyOfRange(parts, header.length - 1, parts.length)));
        }
        rows.add(new Row(i + 1, cells));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
