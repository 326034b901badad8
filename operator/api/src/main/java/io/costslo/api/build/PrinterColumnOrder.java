package io.costslo.api.build;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Build step after the CRD generator: kubectl prints additionalPrinterColumns in list order, and
 * crd-generator 7.5.2 sorts them by jsonPath (a TreeMap in AbstractCustomResourceHandler; no order
 * attribute yet, fabric8io/kubernetes-client#7454). This puts them back in the order the
 * {@code @AdditionalPrinterColumn} annotations appear on the class, rewriting only that block of the
 * generated YAML so the rest stays byte-identical.
 *
 * <p>Usage: {@code PrinterColumnOrder <crd.yml> <fully.qualified.ResourceClass>}.
 */
public final class PrinterColumnOrder {
  private static final String BLOCK = "  - additionalPrinterColumns:";
  private static final String ENTRY = "    - ";
  private static final String CONTINUATION = "      ";

  private PrinterColumnOrder() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: PrinterColumnOrder <crd.yml> <resource class>");
    }
    Path file = Path.of(args[0]);
    Class<?> type = Class.forName(args[1]);
    Files.writeString(file, reorder(Files.readString(file), declaredOrder(type)));
  }

  /** Column names in the order the annotations are written on the class. */
  public static List<String> declaredOrder(Class<?> type) {
    List<String> names = new ArrayList<>();
    for (AdditionalPrinterColumn c : type.getAnnotationsByType(AdditionalPrinterColumn.class)) {
      names.add(c.name());
    }
    return names;
  }

  /** The YAML with each version's printer columns sorted by {@code order}; unknown names keep their place at the end. */
  public static String reorder(String yaml, List<String> order) throws IOException {
    List<String> lines = List.of(yaml.split("\n", -1));
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i++);
      out.add(line);
      if (!line.equals(BLOCK)) {
        continue;
      }
      List<List<String>> entries = new ArrayList<>();
      while (i < lines.size() && (lines.get(i).startsWith(ENTRY) || lines.get(i).startsWith(CONTINUATION))) {
        if (lines.get(i).startsWith(ENTRY)) {
          entries.add(new ArrayList<>());
        }
        entries.get(entries.size() - 1).add(lines.get(i++));
      }
      entries.sort(Comparator.comparingInt(e -> {
        int k = order.indexOf(name(e));
        return k < 0 ? order.size() : k;
      }));
      entries.forEach(out::addAll);
    }
    return String.join("\n", out);
  }

  private static String name(List<String> entry) {
    for (String l : entry) {
      String t = l.substring(Math.min(l.length(), CONTINUATION.length())).strip();
      if (t.startsWith("name: ")) {
        return t.substring("name: ".length()).replace("\"", "");
      }
    }
    return "";
  }
}
