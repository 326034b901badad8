package io.costslo.app.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The committed CRD as an API server applies it: its OpenAPI schema (networknt JSON Schema
 * validator) and every x-kubernetes-validations rule, compiled and evaluated with CEL at the place
 * in the object it is declared for. Errors carry the field path as Kubernetes reports it (spec.x.y).
 */
final class CrdSchema {
  static final String RESOURCE = "META-INF/fabric8/inferencecostpolicies.costslo.io-v1.yml";
  private static final ObjectMapper JSON = new ObjectMapper();

  record Error(String field, String message) {}

  /** One CEL rule at a schema location. */
  record Rule(String location, String expression, String message, String fieldPath, CelRuntime.Program program) {}

  final JsonNode openApi;
  final List<Rule> rules = new ArrayList<>();
  private final Schema schema;

  CrdSchema() throws Exception {
    JsonNode crd;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(RESOURCE)) {
      crd = new YAMLMapper().readTree(in);
    }
    openApi = crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
    // RE2 (linear time, as the API server's Go regexp), not java.util.regex, which recurses per
    // repetition and overflows the stack on the 3,000-character values the tests send.
    SchemaRegistryConfig config = SchemaRegistryConfig.builder()
        .regularExpressionFactory(regex -> {
          com.google.re2j.Pattern p = com.google.re2j.Pattern.compile(regex);
          return value -> p.matcher(value).find();
        })
        .build();
    schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaRegistryConfig(config))
        .getSchema(JSON.writeValueAsString(openApi), InputFormat.JSON);
    CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
        .addVar("self", SimpleType.DYN)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .build();
    CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    collect(openApi, "", compiler, runtime);
  }

  private void collect(JsonNode s, String location, CelCompiler compiler, CelRuntime runtime) throws Exception {
    for (JsonNode v : s.path("x-kubernetes-validations")) {
      CelAbstractSyntaxTree ast = compiler.compile(v.path("rule").asText()).getAst();
      rules.add(new Rule(location, v.path("rule").asText(), v.path("message").asText(),
          v.path("fieldPath").asText(""), runtime.createProgram(ast)));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      collect(e.getValue(), location + "." + e.getKey(), compiler, runtime);
    }
    if (s.has("items")) {
      collect(s.get("items"), location + "[*]", compiler, runtime);
    }
    if (s.path("additionalProperties").isObject()) {
      collect(s.get("additionalProperties"), location + "{*}", compiler, runtime);
    }
  }

  /** Every schema and rule error for the object; empty when an API server would store it. */
  List<Error> check(JsonNode object) throws Exception {
    List<Error> out = new ArrayList<>();
    for (com.networknt.schema.Error e : schema.validate(JSON.writeValueAsString(object), InputFormat.JSON)) {
      StringBuilder path = new StringBuilder();
      for (int i = 0; i < e.getInstanceLocation().getNameCount(); i++) {
        Object element = e.getInstanceLocation().getElement(i);
        path.append(element instanceof Integer index ? "[" + index + "]" : "." + element);
      }
      String at = path.toString();
      if ("required".equals(e.getKeyword()) && e.getProperty() != null) {
        at = at + "." + e.getProperty();
      }
      out.add(new Error(at.startsWith(".") ? at.substring(1) : at, e.getMessage()));
    }
    for (Rule r : rules) {
      for (Map.Entry<String, JsonNode> node : at(object, r.location()).entrySet()) {
        Object result;
        try {
          result = r.program().eval(Map.of("self", toCel(node.getValue())));
        } catch (Exception e) {
          result = e; // an evaluation error refuses the object, as in an API server
        }
        if (!Boolean.TRUE.equals(result)) {
          String field = node.getKey() + r.fieldPath();
          out.add(new Error(field.startsWith(".") ? field.substring(1) : field, r.message()));
        }
      }
    }
    return out;
  }

  /** The nodes at a rule location (".spec.x[*].y"), by concrete path. */
  private static Map<String, JsonNode> at(JsonNode root, String location) {
    Map<String, JsonNode> current = new LinkedHashMap<>();
    current.put("", root);
    for (String step : location.split("(?=\\.)|(?=\\[\\*])|(?=\\{\\*})")) {
      if (step.isEmpty()) {
        continue;
      }
      Map<String, JsonNode> next = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : current.entrySet()) {
        JsonNode n = e.getValue();
        if (step.equals("[*]")) {
          for (int i = 0; i < n.size() && n.isArray(); i++) {
            next.put(e.getKey() + "[" + i + "]", n.get(i));
          }
        } else if (step.equals("{*}")) {
          n.fields().forEachRemaining(f -> next.put(e.getKey() + "." + f.getKey(), f.getValue()));
        } else if (n.isObject() && n.has(step.substring(1)) && !n.get(step.substring(1)).isNull()) {
          next.put(e.getKey() + step, n.get(step.substring(1)));
        }
      }
      current = next;
    }
    return current;
  }

  /** JSON as CEL sees it: integers as long, numbers as double, objects as maps. */
  static Object toCel(JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      n.fields().forEachRemaining(f -> m.put(f.getKey(), toCel(f.getValue())));
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.forEach(v -> l.add(toCel(v)));
      return l;
    }
    if (n.isIntegralNumber()) {
      return n.asLong();
    }
    if (n.isNumber()) {
      return n.asDouble();
    }
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    return n.isNull() ? dev.cel.common.values.NullValue.NULL_VALUE : n.asText();
  }
}
