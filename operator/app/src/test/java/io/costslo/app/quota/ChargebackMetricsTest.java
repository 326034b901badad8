package io.costslo.app.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.api.v1alpha1.CostQuotaStatus;
import io.costslo.api.v1alpha1.QuotaPolicyStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChargebackMetricsTest {
  private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

  @Test
  void countersIntegrateTheRateSeenUntilTheNextReconcile() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ChargebackMetrics m = new ChargebackMetrics(registry);
    m.policy("search", "ranker", "llama-3-8b", "search", 20, 1000, T0);
    m.policy("search", "ranker", "llama-3-8b", "search", 40, 2000, T0.plus(Duration.ofMinutes(6)));
    m.policy("search", "ranker", "llama-3-8b", "search", 40, 2000, T0.plus(Duration.ofMinutes(12)));
    // 0.1 h at 20 USD/h + 0.1 h at 40 USD/h; 360 s x 1000 + 360 s x 2000 tokens
    assertThat(registry.get(ChargebackMetrics.USD).tag("team", "search").counter().count()).isCloseTo(6.0, within(1e-9));
    assertThat(registry.get(ChargebackMetrics.TOKENS).counter().count()).isCloseTo(1_080_000, within(1e-6));
    assertThat(registry.get(ChargebackMetrics.CPT).gauge().value()).isCloseTo(40 / (2000 * 3600.0) * 1e6, within(1e-9));
    m.policy("search", "ranker", "llama-3-8b", "search", 40, 2000, T0.plus(Duration.ofHours(2)));
    assertThat(registry.get(ChargebackMetrics.USD).counter().count()).as("a gap over 15 min is not counted")
        .isCloseTo(6.0, within(1e-9));
    String text = registry.scrape();
    assertThat(text).contains("costslo_chargeback_usd_total{model=\"llama-3-8b\",namespace=\"search\",policy=\"ranker\",team=\"search\"}");
    assertThat(text).contains("costslo_chargeback_output_tokens_total{");
  }

  @Test
  void quotaSeriesFollowStatusAndGoWithTheQuota() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ChargebackMetrics m = new ChargebackMetrics(registry);
    CostQuotaStatus s = new CostQuotaStatus();
    s.spentUsd = 120.0;
    s.projectedUsd = 300.0;
    QuotaPolicyStatus p = new QuotaPolicyStatus();
    p.namespace = "search";
    p.name = "ranker";
    p.allowanceUsdPerHour = 12.5;
    s.policies = List.of(p);
    m.quota("search/team", s);
    String text = registry.scrape();
    assertThat(text).contains("costslo_quota_spent_usd{quota=\"search/team\"} 120.0",
        "costslo_quota_allowance_usd_per_hour{namespace=\"search\",policy=\"ranker\",quota=\"search/team\"} 12.5");
    m.quotaGone("search/team");
    assertThat(registry.scrape()).doesNotContain("search/team");
  }
}
