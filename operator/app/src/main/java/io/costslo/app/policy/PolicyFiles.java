package io.costslo.app.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.PolicyReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads InferenceCostPolicy YAML for the CLI, rejecting unknown fields (a typo is an error, not a default). */
public final class PolicyFiles {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

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
      PolicyReader.Result read = PolicyReader.read(doc);
      if (!read.problems().isEmpty()) {
        PolicyReader.Problem p = read.problems().get(0);
        throw new IllegalArgumentException(p.ignored()
            ? "unknown field " + p.field() + "; check its spelling against the CRD"
            : p.field() + " " + p.problem());
      }
      return read.policy();
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
