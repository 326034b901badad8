package io.costslo.app.policy;

import io.costslo.api.v1alpha1.Limits;
import io.costslo.api.v1alpha1.SpotSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Spot placement the companion Deployment is given: sizes an API server accepts, known operators and effects. */
final class PlacementRules {
  private static final Set<String> OPERATORS = Set.of("Exists", "Equal");
  private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

  private PlacementRules() {}

  static void check(List<Violation> out, SpotSpec s) {
    Map<String, String> selector = s.nodeSelector;
    if (selector != null) {
      if (selector.size() > Limits.MAX_SELECTOR_LABELS) {
        out.add(new Violation("spec.capacity.spot.nodeSelector", "has " + selector.size() + " labels; at most "
            + Limits.MAX_SELECTOR_LABELS));
      } else if (selector.entrySet().stream().anyMatch(e -> e.getKey().length() > Limits.MAX_LABEL_KEY
          || (e.getValue() != null && e.getValue().length() > Limits.MAX_LABEL))) {
        out.add(new Violation("spec.capacity.spot.nodeSelector", "keys must be at most " + Limits.MAX_LABEL_KEY
            + " characters and values at most " + Limits.MAX_LABEL));
      }
    }
    List<Toleration> tolerations = s.tolerations;
    if (tolerations == null) {
      return;
    }
    if (tolerations.size() > Limits.MAX_TOLERATIONS) {
      out.add(new Violation("spec.capacity.spot.tolerations", "has " + tolerations.size() + " entries; at most "
          + Limits.MAX_TOLERATIONS));
      return;
    }
    for (Toleration t : tolerations) {
      boolean ok = t != null
          && (t.getKey() == null || t.getKey().length() <= Limits.MAX_LABEL_KEY)
          && (t.getValue() == null || t.getValue().length() <= Limits.MAX_LABEL)
          && (t.getOperator() == null || OPERATORS.contains(t.getOperator()))
          && (t.getEffect() == null || EFFECTS.contains(t.getEffect()));
      if (!ok) {
        out.add(new Violation("spec.capacity.spot.tolerations", "key at most " + Limits.MAX_LABEL_KEY
            + " characters, value at most " + Limits.MAX_LABEL + ", operator one of " + OPERATORS
            + ", effect one of " + EFFECTS));
        return;
      }
    }
  }
}
