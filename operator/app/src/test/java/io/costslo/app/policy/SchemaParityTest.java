package io.costslo.app.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.app.operator.Examples;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema refuses what the reconciler refuses: each invalid policy is refused by the committed
 * CRD (OpenAPI schema and CEL rules, evaluated here as an API server would) and by
 * {@link PolicyValidator}, both naming the same field; the examples pass both.
 */
class SchemaParityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static CrdSchema crd;

  @BeforeAll
  static void load() throws Exception {
    crd = new CrdSchema();
  }

  private static ObjectNode example() {
    JsonNode doc = PolicyFiles.documents(Examples.load(null).get("llama3-8b-cost-policy.yaml")).stream()
        .filter(d -> "InferenceCostPolicy".equals(d.path("kind").asText())).findFirst().orElseThrow();
    ObjectNode p = doc.deepCopy();
    ObjectNode meta = (ObjectNode) p.get("metadata");
    meta.put("namespace", "team-a");
    meta.put("uid", UUID.randomUUID().toString());
    meta.put("resourceVersion", "1");
    return p;
  }

  private static ObjectNode obj(ObjectNode spec, String path) {
    ObjectNode n = spec;
    for (String step : path.split("\\.")) {
      n = n.has(step) ? (ObjectNode) n.get(step) : n.putObject(step);
    }
    return n;
  }

  private static Arguments c(String name, String field, Consumer<ObjectNode> change) {
    return Arguments.of(name, field, change);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        c("replicas.max overflows int", "spec.replicas.max", s -> obj(s, "replicas").put("max", 3_000_000_000L)),
        c("replicas.max above 10000", "spec.replicas.max", s -> obj(s, "replicas").put("max", 10_001)),
        c("replicas.min negative", "spec.replicas.min", s -> obj(s, "replicas").put("min", -1)),
        c("min above max", "spec.replicas.min", s -> obj(s, "replicas").put("min", 7).put("max", 3)),
        c("batch value 0", "spec.batch.allowedValues", s -> obj(s, "batch").putArray("allowedValues").add(0)),
        c("batch value 1e9", "spec.batch.allowedValues",
            s -> obj(s, "batch").putArray("allowedValues").add(1_000_000_000)),
        c("65 batch values", "spec.batch.allowedValues", s -> {
          ArrayNode a = obj(s, "batch").putArray("allowedValues");
          for (int i = 1; i <= 65; i++) {
            a.add(i);
          }
        }),
        c("argument and env", "spec.batch", s -> obj(s, "batch").put("env", "MAX_NUM_SEQS")),
        c("argument of 200 characters", "spec.batch.argument", s -> obj(s, "batch").put("argument", "-".repeat(200))),
        c("unknown mode", "spec.mode", s -> s.put("mode", "Yolo")),
        c("unknown priority", "spec.priority", s -> s.put("priority", "Cheap")),
        c("interval below 1s", "spec.reconcileInterval", s -> s.put("reconcileInterval", "500ms")),
        c("interval of 3000 characters", "spec.reconcileInterval", s -> s.put("reconcileInterval", "1h".repeat(1500))),
        c("interval above a year", "spec.reconcileInterval", s -> s.put("reconcileInterval", "9000h")),
        c("ttft zero", "spec.objectives.ttft", s -> obj(s, "objectives").put("ttft", "0s")),
        c("ttft not a duration", "spec.objectives.ttft", s -> obj(s, "objectives").put("ttft", "2 s")),
        c("percentile 99.95", "spec.objectives.percentile", s -> obj(s, "objectives").put("percentile", 99.95)),
        c("CPT budget 1e308", "spec.budget.maxUsdPerMillionTokens",
            s -> obj(s, "budget").put("maxUsdPerMillionTokens", 1e308)),
        c("hourly budget negative", "spec.budget.maxUsdPerHour", s -> obj(s, "budget").put("maxUsdPerHour", -1)),
        c("price 1e308", "spec.capacity.pricing.onDemandUsdPerGpuHour",
            s -> obj(s, "capacity.pricing").put("onDemandUsdPerGpuHour", 1e308)),
        c("65 GPUs per replica", "spec.capacity.gpusPerReplica", s -> obj(s, "capacity").put("gpusPerReplica", 65)),
        c("gpuType of 100 characters", "spec.capacity.gpuType", s -> obj(s, "capacity").put("gpuType", "H".repeat(100))),
        c("kvCacheTokens 1e12", "spec.capacity.profile.kvCacheTokens", s -> obj(s, "capacity.profile")
            .put("baseIterationTime", "6ms").put("perSequenceTime", "50us").put("perPrefillTokenTime", "60us")
            .put("kvCacheTokens", 1_000_000_000_000L)),
        c("target name of 300 characters", "spec.targetRef.name", s -> obj(s, "targetRef").put("name", "a".repeat(300))),
        c("target kind StatefulSet", "spec.targetRef.kind", s -> obj(s, "targetRef").put("kind", "StatefulSet")),
        c("fallback above max", "spec.metrics.fallbackReplicas", s -> obj(s, "metrics").put("fallbackReplicas", 9)),
        c("Prometheus without url", "spec.metrics.prometheus", s -> obj(s, "metrics").put("source", "Prometheus")),
        c("path with user info", "spec.metrics.path", s -> obj(s, "metrics").put("path", "@127.0.0.1:8080/admin")),
        c("path to another host", "spec.metrics.path", s -> obj(s, "metrics").put("path", "//evil.example/metrics")),
        c("path with a query", "spec.metrics.path", s -> obj(s, "metrics").put("path", "/metrics?x=1")),
        c("url with user info", "spec.metrics.prometheus.url", s -> obj(s, "metrics.prometheus")
            .put("url", "http://prometheus@127.0.0.1:9090")),
        c("file url", "spec.metrics.prometheus.url", s -> obj(s, "metrics.prometheus").put("url", "file:///etc/passwd")),
        c("port 70000", "spec.metrics.port", s -> obj(s, "metrics").put("port", 70_000)),
        c("window above a year", "spec.metrics.window", s -> obj(s, "metrics").put("window", "10000h")),
        c("17 queries", "spec.metrics.queries", s -> {
          ObjectNode q = obj(s, "metrics.queries");
          for (int i = 0; i < 17; i++) {
            q.put("q" + i, "up");
          }
        }),
        c("Custom preset without selector", "spec.capacity.spot.nodeSelector",
            s -> obj(s, "capacity.spot").put("preset", "Custom")),
        c("spot share 1.5", "spec.capacity.spot.maxShare", s -> obj(s, "capacity.spot").put("maxShare", 1.5)),
        c("pending timeout zero", "spec.capacity.spot.pendingTimeout",
            s -> obj(s, "capacity.spot").put("pendingTimeout", "0s")),
        c("1000 preemptions per hour", "spec.capacity.spot.preemptionsPerHour",
            s -> obj(s, "capacity.spot").put("preemptionsPerHour", 1000)),
        c("min on-demand 20000", "spec.capacity.spot.minOnDemandReplicas",
            s -> obj(s, "capacity.spot").put("minOnDemandReplicas", 20_000)),
        c("selector value of 100 characters", "spec.capacity.spot.nodeSelector",
            s -> obj(s, "capacity.spot.nodeSelector").put("pool", "x".repeat(100))),
        c("toleration operator Bogus", "spec.capacity.spot.tolerations",
            s -> obj(s, "capacity.spot").putArray("tolerations").addObject().put("key", "k").put("operator", "Bogus")),
        c("batch saving 2", "spec.stability.batchChangeMinSaving",
            s -> obj(s, "stability").put("batchChangeMinSaving", 2)),
        c("prefill chunk value 0", "spec.prefillChunk.allowedValues", s -> chunk(s).putArray("allowedValues").add(0)),
        c("prefill chunk value 2 million", "spec.prefillChunk.allowedValues",
            s -> chunk(s).putArray("allowedValues").add(2_000_000)),
        c("prefill chunk without values", "spec.prefillChunk.allowedValues", s -> chunk(s).remove("allowedValues")),
        c("65 prefill chunk values", "spec.prefillChunk.allowedValues", s -> {
          ArrayNode a = chunk(s).putArray("allowedValues");
          for (int i = 1; i <= 65; i++) {
            a.add(256 * i);
          }
        }),
        c("prefill chunk argument and env", "spec.prefillChunk", s -> chunk(s).put("env", "MAX_NUM_BATCHED_TOKENS")),
        c("prefill chunk neither argument nor env", "spec.prefillChunk", s -> chunk(s).remove("argument")),
        c("prefill chunk argument of 200 characters", "spec.prefillChunk.argument",
            s -> chunk(s).put("argument", "-".repeat(200))),
        c("prefill chunks all below the smallest batch cap", "spec.prefillChunk.allowedValues",
            s -> chunk(s).putArray("allowedValues").add(16).add(31)));
  }

  /** A valid prefill-chunk knob on the example (its batch caps are 32..256), to break one way. */
  private static ObjectNode chunk(ObjectNode spec) {
    ObjectNode k = obj(spec, "prefillChunk");
    k.put("container", "vllm").put("argument", "--max-num-batched-tokens");
    k.putArray("allowedValues").add(512).add(2048).add(8192);
    return k;
  }

  @Test
  void aValidPrefillChunkKnobPassesBoth() throws Exception {
    ObjectNode policy = example();
    chunk((ObjectNode) policy.get("spec"));
    assertThat(crd.check(policy)).isEmpty();
    InferenceCostPolicy read = JSON.treeToValue(policy, InferenceCostPolicy.class);
    assertThat(new PolicyMapper().validator().validate(read)).isEmpty();
    var core = new PolicyMapper().toCore(read.getSpec(), java.util.Optional.of(128), java.util.Optional.empty());
    assertThat(core.batch().allowedChunks()).containsExactly(512, 2048, 8192);
    assertThat(core.batch().defaultChunk()).hasValue(8192);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void refusedByTheSchemaAndTheValidatorNamingTheField(String name, String field, Consumer<ObjectNode> change)
      throws Exception {
    ObjectNode policy = example();
    change.accept((ObjectNode) policy.get("spec"));

    List<CrdSchema.Error> schemaErrors = crd.check(policy);
    assertThat(schemaErrors).as("schema errors").isNotEmpty();
    assertThat(schemaErrors).as("a schema error names %s: %s", field, schemaErrors)
        .anySatisfy(e -> assertThat(sameField(e.field(), field)).isTrue());

    InferenceCostPolicy read = JSON.treeToValue(policy, InferenceCostPolicy.class);
    List<Violation> violations = new PolicyMapper().validator().validate(read);
    assertThat(violations).as("a violation names %s", field)
        .anySatisfy(v -> assertThat(sameField(v.field(), field)).as(v.toString()).isTrue());
    // Nothing the user wrote is echoed at length.
    assertThat(violations).allSatisfy(v -> assertThat(v.toString().length()).isLessThan(600));
  }

  /** The same field, or one a rule on its parent reports (fieldPath) or a child of it (an array item). */
  private static boolean sameField(String reported, String expected) {
    return reported.equals(expected) || reported.startsWith(expected + ".") || reported.startsWith(expected + "[")
        || expected.startsWith(reported + ".");
  }

  @Test
  void everyExamplePassesTheSchemaAndItsRules() throws Exception {
    int checked = 0;
    for (var file : Examples.load(null).entrySet()) {
      for (JsonNode doc : PolicyFiles.documents(file.getValue())) {
        if ("InferenceCostPolicy".equals(doc.path("kind").asText())) {
          assertThat(crd.check(doc)).as(file.getKey()).isEmpty();
          checked++;
        }
      }
    }
    assertThat(checked).isPositive();
    assertThat(crd.rules).as("CEL rules found in the CRD").hasSizeGreaterThan(10);
  }

  /**
   * Every number has a maximum, every string a maxLength or an enum, every list maxItems and every
   * map maxProperties, so no field can carry an unbounded value. Tolerations are Kubernetes' own
   * type; their sizes and values are bounded by a CEL rule on the list instead.
   */
  @Test
  void everySpecFieldIsBounded() {
    List<String> unbounded = new ArrayList<>();
    walk(crd.openApi.path("properties").path("spec"), "spec", unbounded);
    assertThat(unbounded).isEmpty();
  }

  private static void walk(JsonNode s, String at, List<String> unbounded) {
    if (at.startsWith("spec.capacity.spot.tolerations[]")) {
      return;
    }
    String type = s.path("type").asText();
    switch (type) {
      case "integer", "number" -> {
        if (!s.has("maximum")) {
          unbounded.add(at + " (no maximum)");
        }
      }
      case "string" -> {
        if (!s.has("maxLength") && !s.has("enum")) {
          unbounded.add(at + " (no maxLength or enum)");
        }
      }
      case "array" -> {
        if (!s.has("maxItems")) {
          unbounded.add(at + " (no maxItems)");
        }
        walk(s.path("items"), at + "[]", unbounded);
      }
      case "object" -> {
        if (s.path("additionalProperties").isObject()) {
          if (!s.has("maxProperties")) {
            unbounded.add(at + " (no maxProperties)");
          }
          walk(s.get("additionalProperties"), at + "{}", unbounded);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          walk(e.getValue(), at + "." + e.getKey(), unbounded);
        }
      }
      default -> { }
    }
  }

  static String describe(List<CrdSchema.Error> errors) {
    return errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
  }
}
