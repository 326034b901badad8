package io.costslo.app.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.app.cli.Examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every example in the repository parses with unknown fields rejected, and every policy is valid. */
class ExamplesTest {
  static final Path EXAMPLES = Path.of(System.getProperty("costslo.repo.root", "../..")).resolve("examples");

  static List<JsonNode> documents(String yaml) throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = new YAMLMapper().getFactory().createParser(yaml)) {
      var it = new YAMLMapper().readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (n != null && !n.isEmpty()) {
          docs.add(n);
        }
      }
    }
    return docs;
  }

  @Test
  void everyPolicyExampleIsStrictlyParseableAndValid() throws Exception {
    Map<String, String> files = Examples.load(EXAMPLES);
    assertThat(files).isNotEmpty();
    int policies = 0;
    for (var file : files.entrySet()) {
      for (JsonNode doc : documents(file.getValue())) {
        assertThat(doc.path("apiVersion").asText()).as(file.getKey()).isNotEmpty();
        if ("InferenceCostPolicy".equals(doc.path("kind").asText())) {
          InferenceCostPolicy p = PolicyFiles.policy(doc);
          assertThat(new PolicyMapper().validator().validate(p.getSpec()))
              .as("%s is valid", file.getKey()).isEmpty();
          policies++;
        }
      }
    }
    assertThat(policies).isPositive();
  }

  @Test
  void aTypoInAFieldNameIsCaught() throws Exception {
    String yaml = Examples.load(EXAMPLES).get("llama3-8b-cost-policy.yaml").replace("maxUsdPerHour", "maxUsdPerHr");
    JsonNode doc = documents(yaml).get(0);
    assertThatThrownBy(() -> PolicyFiles.policy(doc))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown field spec.budget.maxUsdPerHr");
  }

  @Test
  void bundledExamplesAreTheRepositorysExamples() {
    assertThat(Examples.load(null)).isEqualTo(Examples.load(EXAMPLES));
  }
}
