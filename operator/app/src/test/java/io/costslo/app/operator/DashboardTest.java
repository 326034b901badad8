package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The chart's Grafana dashboard parses and queries only series the operator exports. */
class DashboardTest {
  static final Path DASHBOARD = HelmChartMockTest.CHART.resolve("dashboards/costslo.json");

  @Test
  void everyQueryNamesAnExportedSeries() throws Exception {
    JsonNode d = new ObjectMapper().readTree(DASHBOARD.toFile());
    Set<String> exported = ExportedSeries.names();
    List<String> queries = new ArrayList<>();
    d.get("panels").forEach(p -> p.get("targets").forEach(t -> queries.add(t.get("expr").asText())));
    d.get("templating").get("list").forEach(v -> {
      if ("query".equals(v.get("type").asText())) {
        queries.add(v.get("definition").asText());
      }
    });
    assertThat(queries).hasSizeGreaterThan(10);
    for (String q : queries) {
      Set<String> used = ExportedSeries.referencedIn(q);
      assertThat(used).as("series in %s", q).isNotEmpty();
      assertThat(exported).as("exported series, for %s", q).containsAll(used);
    }
  }

  @Test
  void showsWhatThePlatformEngineerAsksFor() throws Exception {
    JsonNode d = new ObjectMapper().readTree(DASHBOARD.toFile());
    String all = d.toString();
    assertThat(all).contains("costslo_usd_per_million_tokens").contains("costslo_budget_usd_per_million_tokens")
        .contains("costslo_usd_per_hour").contains("costslo_budget_usd_per_hour")
        .contains("costslo_ttft_seconds").contains("costslo_objective_ttft_seconds")
        .contains("costslo_itl_seconds").contains("costslo_objective_itl_seconds")
        .contains("sum by (capacity_type) (costslo_replicas").contains("costslo_decisions_total");
    List<String> ids = new ArrayList<>();
    d.get("panels").forEach(p -> ids.add(p.get("id").asText()));
    assertThat(ids).doesNotHaveDuplicates();
  }
}
