package io.costslo.app.operator;

import io.costslo.api.v1alpha1.SafeText;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;

/**
 * Standard conditions: one per type, lastTransitionTime kept while the status does not change.
 * Messages are escaped and capped ({@link SafeText}): they often quote user or remote text.
 */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String METRICS_AVAILABLE = "MetricsAvailable";
  public static final String SLO_MET = "SLOMet";
  public static final String WITHIN_BUDGET = "WithinBudget";
  /** Whether spot replicas may be planned: False while spot is lost (preempted, evicted, no capacity) or disabled. */
  public static final String SPOT_AVAILABLE = "SpotAvailable";
  /** The latency model's prediction at the plan that ran agrees with what was observed (within a tolerance). */
  public static final String PREDICTION_ACCURATE = "PredictionAccurate";

  private Conditions() {}

  public static void set(List<Condition> conditions, String type, boolean status, String reason, String message,
      Long generation, Instant now) {
    String statusText = status ? "True" : "False";
    setRaw(conditions, type, statusText, reason, message, generation, now);
  }

  /** For conditions that cannot be judged yet (e.g. SLOMet before any metrics). */
  public static void unknown(List<Condition> conditions, String type, String reason, String message,
      Long generation, Instant now) {
    setRaw(conditions, type, "Unknown", reason, message, generation, now);
  }

  private static void setRaw(List<Condition> conditions, String type, String status, String reason, String message,
      Long generation, Instant now) {
    Condition existing = find(conditions, type);
    String transition = existing != null && status.equals(existing.getStatus())
        ? existing.getLastTransitionTime()
        : now.toString();
    Condition next = new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(SafeText.message(message))
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build();
    if (existing != null) {
      conditions.set(conditions.indexOf(existing), next);
    } else {
      conditions.add(next);
    }
  }

  public static Condition find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    Condition c = find(conditions, type);
    return c != null && "True".equals(c.getStatus());
  }
}
