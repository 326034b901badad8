package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an InferenceCostPolicy so that nothing a user writes can fail the read. The informer reads
 * every policy of the cluster in one list: one value that does not fit its Java type (a replica count
 * above 2^31, a string where a number belongs, a field a newer CRD added) would otherwise fail the
 * whole list, stop the informer and with it every team's policies. Here an unknown field is skipped
 * with a warning, and a spec that still cannot be read becomes a policy without a spec whose
 * {@link #problems} name the field, so the reconciler marks that one policy invalid.
 */
public final class PolicyReader {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyReader.class);
  /** Longest excerpt of a value or parser message kept in a problem. */
  static final int MAX_DETAIL = 200;
  /** Policy versions whose problems are remembered (a clone of a policy is read again without its spec). */
  private static final int REMEMBERED = 10_000;
  private static final String UNKNOWN = "costslo.unknownFields";

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .addHandler(new UnknownFieldCollector())
      .build();

  /** Problems by uid/resourceVersion, least recently used evicted. */
  private static final Map<String, List<Problem>> BY_VERSION = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, List<Problem>> eldest) {
      return size() > REMEMBERED;
    }
  };

  /** Spec generations whose problems were logged. */
  private static final Map<String, Boolean> LOGGED = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  };

  private PolicyReader() {}

  /**
   * One thing in the stored object that was not taken as written.
   *
   * @param field the path, e.g. spec.replicas.max
   * @param problem what is wrong, with the value excerpted
   * @param ignored true when the field was skipped (unknown), false when the spec could not be read
   */
  public record Problem(String field, String problem, boolean ignored) {}

  /** A policy as read, with what was skipped or could not be read. */
  public record Result(InferenceCostPolicy policy, List<Problem> problems) {}

  /** Reads a policy from its JSON tree; never throws for content under spec or status. */
  public static Result read(JsonNode node) throws IOException {
    if (node == null || !node.isObject()) {
      throw new IOException("an InferenceCostPolicy must be a JSON object");
    }
    List<Problem> problems = new ArrayList<>();
    InferenceCostPolicy policy = new InferenceCostPolicy();
    if (node.hasNonNull("apiVersion")) {
      policy.setApiVersion(node.get("apiVersion").asText());
    }
    if (node.hasNonNull("kind")) {
      policy.setKind(node.get("kind").asText());
    }
    if (node.hasNonNull("metadata")) {
      policy.setMetadata(MAPPER.treeToValue(node.get("metadata"), ObjectMeta.class));
    }
    policy.setSpec(part(node, "spec", InferenceCostPolicySpec.class, problems));
    policy.setStatus(part(node, "status", InferenceCostPolicyStatus.class, problems));
    return new Result(policy, List.copyOf(problems));
  }

  private static <T> T part(JsonNode root, String name, Class<T> type, List<Problem> problems) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    List<Problem> unknown = new ArrayList<>();
    ObjectReader reader = MAPPER.readerFor(type).withAttribute(UNKNOWN, unknown);
    try {
      T value = reader.readValue(node);
      problems.addAll(unknown.stream()
          .map(p -> new Problem(name + p.field(), p.problem(), true)).toList());
      return value;
    } catch (IOException | RuntimeException e) {
      problems.add(new Problem(name + path(e), describe(e), false));
      return null;
    } catch (StackOverflowError e) {
      problems.add(new Problem(name, "is nested too deeply to read", false));
      return null;
    }
  }

  private static String path(Throwable e) {
    if (e instanceof JsonMappingException d && !d.getPath().isEmpty()) {
      return d.getPath().stream()
          .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(Collectors.joining());
    }
    return "";
  }

  private static String describe(Throwable e) {
    String message = e instanceof JsonMappingException d ? d.getOriginalMessage() : e.getMessage();
    if (message == null) {
      message = e.getClass().getSimpleName();
    }
    int cut = message.indexOf('\n');
    message = cut >= 0 ? message.substring(0, cut) : message;
    // Jackson appends how it got there; the field path already says it.
    int through = message.indexOf(" (through reference chain");
    message = through >= 0 ? message.substring(0, through) : message;
    return "could not be read: " + excerpt(message) + "; write a value of the type and range the CRD gives";
  }

  static String excerpt(String s) {
    return SafeText.capped(s, MAX_DETAIL);
  }

  /** What reading this version of the policy skipped or could not read; empty if nothing. */
  public static List<Problem> problems(InferenceCostPolicy policy) {
    String key = key(policy);
    if (key == null) {
      return List.of();
    }
    synchronized (BY_VERSION) {
      return BY_VERSION.getOrDefault(key, List.of());
    }
  }

  private static String key(InferenceCostPolicy policy) {
    ObjectMeta m = policy.getMetadata();
    if (m == null || m.getUid() == null || m.getResourceVersion() == null) {
      return null;
    }
    return m.getUid() + "/" + m.getResourceVersion();
  }

  private static void remember(InferenceCostPolicy policy, List<Problem> problems) {
    String key = key(policy);
    if (key == null || problems.isEmpty()) {
      // A clone (read back without the spec that failed) must not erase what the original found.
      return;
    }
    String generation = policy.getMetadata().getUid() + "/" + policy.getMetadata().getGeneration();
    synchronized (BY_VERSION) {
      BY_VERSION.put(key, problems);
      // Logged once per spec generation, not at every status write.
      if (LOGGED.put(generation, Boolean.TRUE) != null) {
        return;
      }
    }
    String name = policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
    for (Problem p : problems) {
      LOG.warn("InferenceCostPolicy {} (resourceVersion {}): {} {}{}", excerpt(name),
          policy.getMetadata().getResourceVersion(), p.field(), p.problem(), p.ignored() ? " (ignored)" : "");
    }
  }

  /** The Jackson glue: InferenceCostPolicy is read through {@link #read}. */
  public static final class Deserializer extends JsonDeserializer<InferenceCostPolicy> {
    @Override
    public InferenceCostPolicy deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode node = p.readValueAsTree();
      if (!(node instanceof ObjectNode)) {
        return (InferenceCostPolicy) ctxt.handleUnexpectedToken(InferenceCostPolicy.class, p);
      }
      Result result = read(node);
      remember(result.policy(), result.problems());
      return result.policy();
    }
  }

  /** Skips unknown fields, recording where they were. */
  private static final class UnknownFieldCollector extends DeserializationProblemHandler {
    @Override
    @SuppressWarnings("unchecked")
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
        Object beanOrClass, String propertyName) throws IOException {
      Object sink = ctxt.getAttribute(UNKNOWN);
      if (sink instanceof List<?> list) {
        String where = p.getParsingContext().pathAsPointer().toString().replace('/', '.');
        ((List<Problem>) list).add(new Problem(excerpt(where), "is not a field of this CRD version; ignored", true));
      }
      p.skipChildren();
      return true;
    }
  }
}
