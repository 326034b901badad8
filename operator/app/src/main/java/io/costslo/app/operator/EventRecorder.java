package io.costslo.app.operator;

import io.costslo.api.v1alpha1.SafeText;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events on the policy. The same reason and message for the same policy within the
 * suppression interval is written once (like Flink's AutoScalerEventHandler), so a steady state does
 * not flood the event stream at every reconcile.
 */
public class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  public static final String COMPONENT = "costslo-operator";
  /** The API server appends 5 characters to a generateName; the whole name must stay within 253. */
  private static final int GENERATE_NAME_PREFIX = 253 - 5;
  private static final int MAX_REMEMBERED = 50_000;

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration suppression;
  private final Map<String, Instant> lastEmitted = new ConcurrentHashMap<>();

  public EventRecorder(KubernetesClient client, Clock clock, Duration suppression) {
    this.client = client;
    this.clock = clock;
    this.suppression = suppression;
  }

  public enum Type {
    Normal,
    Warning
  }

  /** @return true when an Event was written, false when suppressed as a duplicate */
  public boolean record(HasMetadata policy, Type type, String reason, String message) {
    return record(policy, type, reason, message, reason + "/" + SafeText.message(message));
  }

  /**
   * @param dedupeKey events with the same key on the same policy within the suppression interval
   *     are written once
   */
  public boolean record(HasMetadata policy, Type type, String reason, String rawMessage, String dedupeKey) {
    // Messages quote user and remote text: escaped and capped once here, for every event.
    String message = SafeText.message(rawMessage);
    Instant now = clock.instant();
    String key = policy.getMetadata().getUid() + "/" + dedupeKey;
    Instant last = lastEmitted.get(key);
    if (last != null && Duration.between(last, now).compareTo(suppression) < 0) {
      return false;
    }
    if (lastEmitted.size() >= MAX_REMEMBERED) {
      // Keys carry messages with changing figures: forget those past the interval, so the map stays bounded.
      lastEmitted.values().removeIf(t -> Duration.between(t, now).compareTo(suppression) >= 0);
      if (lastEmitted.size() >= MAX_REMEMBERED) {
        lastEmitted.clear();
      }
    }
    lastEmitted.put(key, now);
    Event event = new EventBuilder()
        .withNewMetadata()
        .withGenerateName(KubernetesNames.fit(policy.getMetadata().getName(), ".", GENERATE_NAME_PREFIX))
        .withNamespace(eventNamespace(policy))
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(policy.getApiVersion())
            .withKind(policy.getKind())
            .withName(policy.getMetadata().getName())
            .withNamespace(policy.getMetadata().getNamespace())
            .withUid(policy.getMetadata().getUid())
            .withResourceVersion(policy.getMetadata().getResourceVersion())
            .build())
        .withType(type.name())
        .withReason(reason)
        .withMessage(message)
        .withFirstTimestamp(now.toString())
        .withLastTimestamp(now.toString())
        .withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .build();
    try {
      client.v1().events().inNamespace(eventNamespace(policy)).resource(event).create();
      return true;
    } catch (KubernetesClientException e) {
      // An event that cannot be written must not fail the decision it reports.
      LOG.warn("could not write event {} for {}/{}: {}", reason, policy.getMetadata().getNamespace(),
          policy.getMetadata().getName(), SafeText.message(e.getMessage()));
      return false;
    }
  }

  /** Events on a cluster-scoped object (a ClusterCostQuota) go to the default namespace, as kubectl expects. */
  private static String eventNamespace(HasMetadata involved) {
    String ns = involved.getMetadata().getNamespace();
    return ns == null || ns.isBlank() ? "default" : ns;
  }
}
