package io.costslo.app.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.PolicyReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
    } catch (IOException | RuntimeException e) {
      // The document iterator wraps parser errors in unchecked exceptions.
      Exception cause = e.getCause() instanceof IOException io ? io : e;
      throw new IllegalArgumentException("not valid YAML (" + firstLine(cause) + "); check indentation and quoting", e);
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
      throw new IllegalArgumentException("not an InferenceCostPolicy (" + firstLine(e)
          + "); compare it with examples/llama3-8b-cost-policy.yaml", e);
    }
  }

  /** Jackson's messages span lines (source excerpt, reference chain); the first names the problem. */
  private static String firstLine(Exception e) {
    String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    m = m == null ? e.getClass().getSimpleName() : m.strip();
    int nl = m.indexOf('\n');
    String line = nl < 0 ? m : m.substring(0, nl).strip();
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null) {
      line += " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
    }
    return line;
  }

  /**
   * The first InferenceCostPolicy in the file.
   *
   * @throws IllegalArgumentException one line naming the problem and its fix: a missing or unreadable
   *     file, broken YAML, an empty file, no policy in it, an unknown field
   */
  public static InferenceCostPolicy load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file; check the path", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read (" + e.getClass().getSimpleName() + ": " + e.getMessage()
          + "); check the path and its permissions", e);
    }
    List<JsonNode> docs = documents(text);
    if (docs.isEmpty()) {
      throw new IllegalArgumentException("empty file; write an InferenceCostPolicy, e.g. examples/llama3-8b-cost-policy.yaml");
    }
    return docs.stream()
        .filter(d -> "InferenceCostPolicy".equals(d.path("kind").asText()))
        .findFirst()
        .map(PolicyFiles::policy)
        .orElseThrow(() -> new IllegalArgumentException("holds no InferenceCostPolicy (kinds: "
            + docs.stream().map(d -> d.path("kind").asText("none")).distinct().toList()
            + "); set kind: InferenceCostPolicy and apiVersion: costslo.io/v1alpha1"));
  }
}
