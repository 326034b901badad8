package io.costslo.app.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.app.operator.Examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every example in the repository parses with unknown fields rejected, and every policy is valid. */
class ExamplesTest {
  /** The quota and catalog kinds have no lenient reader: parse them strictly, as an API server with the schema would. */
  private static final com.fasterxml.jackson.databind.ObjectMapper STRICT = new com.fasterxml.jackson.databind.ObjectMapper(
      new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
      .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
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

  /** examples/team-quota: policies, the team's CostQuota and a PriceCatalog, each strict and valid. */
  @Test
  void teamQuotaExampleIsStrictlyParseableAndValid() throws Exception {
    Map<String, Integer> kinds = new java.util.TreeMap<>();
    for (var file : Examples.load(EXAMPLES.resolve("team-quota")).entrySet()) {
      for (JsonNode doc : documents(file.getValue())) {
        String kind = doc.path("kind").asText();
        kinds.merge(kind, 1, Integer::sum);
        switch (kind) {
          case "InferenceCostPolicy" -> assertThat(new PolicyMapper().validator()
              .validate(PolicyFiles.policy(doc).getSpec())).as(file.getKey()).isEmpty();
          case "CostQuota" -> assertThat(io.costslo.app.quota.QuotaValidator.validate(
              STRICT.treeToValue(doc, io.costslo.api.v1alpha1.CostQuota.class).getSpec(), null)).as(file.getKey()).isEmpty();
          case "PriceCatalog" -> {
            var catalog = STRICT.treeToValue(doc, io.costslo.api.v1alpha1.PriceCatalog.class);
            for (var entry : catalog.getSpec().prices) {
              io.costslo.app.quota.CatalogPriceSource.entry(entry, catalog.getSpec().region); // throws if the core rejects it
            }
          }
          default -> throw new AssertionError(file.getKey() + ": unexpected kind " + kind);
        }
      }
    }
    assertThat(kinds).containsEntry("InferenceCostPolicy", 3).containsEntry("CostQuota", 1).containsEntry("PriceCatalog", 1);
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
