package io.costslo.app.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads InferenceCostPolicy YAML for the CLI, rejecting unknown fields (a typo is an error, not a default). */
public final class PolicyFiles {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper STRICT = new ObjectMapper(new YAMLFactory())
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private PolicyFiles() {}

  /** Every YAML document in the text, empty ones skipped. */
  public static List<JsonNode> documents(String yaml) {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(yaml)) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (n != null && !n.isEmpty()) {
          docs.add(n);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid YAML: " + e.getMessage(), e);
    }
    return docs;
  }

  /** Strictly maps one document to a policy; the message names an unknown field. */
  public static InferenceCostPolicy policy(JsonNode doc) {
    try {
      return STRICT.treeToValue(doc, InferenceCostPolicy.class);
    } catch (UnrecognizedPropertyException e) {
      String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(java.util.stream.Collectors.joining("."));
      throw new IllegalArgumentException("unknown field " + path + "; check its spelling against the CRD", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("not an InferenceCostPolicy: " + e.getMessage(), e);
    }
  }

  /** The first InferenceCostPolicy in the file. */
  public static InferenceCostPolicy load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return documents(text).stream()
        .filter(d -> "InferenceCostPolicy".equals(d.path("kind").asText()))
        .findFirst()
        .map(PolicyFiles::policy)
        .orElseThrow(() -> new IllegalArgumentException(file + " holds no InferenceCostPolicy"));
  }
}
