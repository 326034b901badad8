package io.costslo.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.api.build.PrinterColumnOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** `kubectl get icp` shows the columns a platform engineer reads first, in that order, Age last. */
class PrinterColumnsTest {
  static final List<String> DEFAULT_COLUMNS =
      List.of("Target", "Mode", "Replicas", "CPT", "Budget", "TTFT", "Objective", "Ready", "Age");

  record Column(String name, int priority) {}

  static List<Column> columns(String yaml) {
    Matcher m = Pattern.compile("(?m)^      name: \"([^\"]+)\"\\n      priority: (\\d+)$").matcher(
        yaml.substring(yaml.indexOf("additionalPrinterColumns:"), yaml.indexOf("    name: \"v1alpha1\"")));
    List<Column> out = new ArrayList<>();
    while (m.find()) {
      out.add(new Column(m.group(1), Integer.parseInt(m.group(2))));
    }
    return out;
  }

  @Test
  void theCommittedCrdListsTheColumnsInTheChosenOrder() throws Exception {
    List<Column> cols = columns(Files.readString(RepoPaths.root().resolve("crds/inferencecostpolicies.costslo.io-v1.yml")));
    assertThat(cols.stream().filter(c -> c.priority() == 0).map(Column::name)).containsExactlyElementsOf(DEFAULT_COLUMNS);
    assertThat(cols.get(cols.size() - 1).name()).as("Age last, also with -o wide").isEqualTo("Age");
    assertThat(cols.stream().filter(c -> c.priority() == 1).map(Column::name)).isNotEmpty()
        .contains("Spot", "Batch", "ITL", "Reason");
    assertThat(cols.stream().map(Column::name)).containsExactlyElementsOf(
        PrinterColumnOrder.declaredOrder(InferenceCostPolicy.class));
  }

  @Test
  void reorderSortsEachVersionsBlockAndLeavesTheRestAlone() throws Exception {
    String yaml = String.join("\n",
        "spec:",
        "  versions:",
        "  - additionalPrinterColumns:",
        "    - jsonPath: \".a\"",
        "      name: \"Age\"",
        "      priority: 0",
        "    - jsonPath: \".z\"",
        "      name: \"Target\"",
        "      priority: 0",
        "    - jsonPath: \".u\"",
        "      name: \"Unlisted\"",
        "      priority: 0",
        "    name: \"v1\"",
        "  - additionalPrinterColumns:",
        "    - jsonPath: \".a\"",
        "      name: \"Age\"",
        "    - jsonPath: \".z\"",
        "      name: \"Target\"",
        "    name: \"v2\"",
        "");
    String out = PrinterColumnOrder.reorder(yaml, List.of("Target", "Age"));
    assertThat(out).isEqualTo(String.join("\n",
        "spec:",
        "  versions:",
        "  - additionalPrinterColumns:",
        "    - jsonPath: \".z\"",
        "      name: \"Target\"",
        "      priority: 0",
        "    - jsonPath: \".a\"",
        "      name: \"Age\"",
        "      priority: 0",
        "    - jsonPath: \".u\"",
        "      name: \"Unlisted\"",
        "      priority: 0",
        "    name: \"v1\"",
        "  - additionalPrinterColumns:",
        "    - jsonPath: \".z\"",
        "      name: \"Target\"",
        "    - jsonPath: \".a\"",
        "      name: \"Age\"",
        "    name: \"v2\"",
        ""));
  }
}
