package io.costslo.app.quota;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/** Kubernetes label selector semantics, for selecting from an informer cache instead of the API server. */
final class LabelSelectors {
  private LabelSelectors() {}

  /** A null selector selects everything; matchLabels and every matchExpression must hold (In, NotIn, Exists, DoesNotExist). */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    Map<String, String> have = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null && !have.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
      return false;
    }
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions() == null ? List.of()
        : selector.getMatchExpressions();
    for (LabelSelectorRequirement r : expressions) {
      String value = have.get(r.getKey());
      List<String> values = r.getValues() == null ? List.of() : r.getValues();
      boolean ok = switch (r.getOperator() == null ? "" : r.getOperator()) {
        case "In" -> value != null && values.contains(value);
        case "NotIn" -> value == null || !values.contains(value);
        case "Exists" -> value != null;
        case "DoesNotExist" -> value == null;
        default -> false; // an operator the API server would refuse selects nothing
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
