package io.costslo.app.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Selector semantics on the cache, as the API server applies them to a list. */
class LabelSelectorsTest {
  private static final Map<String, String> LABELS = Map.of("team", "search", "tier", "batch");

  @ParameterizedTest(name = "{0} -> {3}")
  @CsvSource({
      "matchLabels subset, team=search, '', true",
      "matchLabels other value, team=ads, '', false",
      "In, '', team In search|ads, true",
      "In missing key, '', owner In x, false",
      "NotIn, '', team NotIn ads, true",
      "NotIn missing key selects, '', owner NotIn x, true",
      "Exists, '', tier Exists, true",
      "DoesNotExist, '', tier DoesNotExist, false",
      "labels and expression both, team=search, tier NotIn batch, false",
      "unknown operator selects nothing, '', team Gt 1, false"})
  void matches(String name, String matchLabel, String expression, boolean expected) {
    LabelSelectorBuilder b = new LabelSelectorBuilder();
    if (!matchLabel.isEmpty()) {
      String[] kv = matchLabel.split("=");
      b.withMatchLabels(Map.of(kv[0], kv[1]));
    }
    if (!expression.isEmpty()) {
      String[] e = expression.split(" ");
      b.addNewMatchExpression().withKey(e[0]).withOperator(e[1])
          .withValues(e[1].endsWith("Exist") || e[1].equals("Exists") ? new String[0] : e[2].split("\\|"))
          .endMatchExpression();
    }
    LabelSelector selector = b.build();
    assertThat(LabelSelectors.matches(selector, LABELS)).isEqualTo(expected);
    assertThat(LabelSelectors.matches(null, LABELS)).isTrue();
    assertThat(LabelSelectors.matches(new LabelSelector(), null)).isTrue();
  }
}
