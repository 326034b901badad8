package io.costslo.app.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.api.v1alpha1.CostQuotaSpec;
import io.costslo.api.v1alpha1.QuotaLimits;
import io.costslo.api.v1alpha1.QuotaPacing;
import io.costslo.api.v1alpha1.QuotaPeriod;
import io.costslo.app.policy.Violation;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QuotaValidatorTest {
  private static CostQuotaSpec valid() {
    CostQuotaSpec s = new CostQuotaSpec();
    s.limits = new QuotaLimits();
    s.limits.maxUsdPerHour = 10.0;
    s.limits.period = new QuotaPeriod();
    s.limits.period.length = QuotaPeriod.Length.Month;
    s.limits.period.maxUsd = 1000.0;
    return s;
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("valid", (Consumer<CostQuotaSpec>) s -> { }, null),
        Arguments.of("no limits", (Consumer<CostQuotaSpec>) s -> s.limits = null, "spec.limits"),
        Arguments.of("negative rate", (Consumer<CostQuotaSpec>) s -> s.limits.maxUsdPerHour = -1.0, "spec.limits.maxUsdPerHour"),
        Arguments.of("NaN CPT", (Consumer<CostQuotaSpec>) s -> s.limits.maxUsdPerMillionTokens = Double.NaN,
            "spec.limits.maxUsdPerMillionTokens"),
        Arguments.of("no length", (Consumer<CostQuotaSpec>) s -> s.limits.period.length = null, "spec.limits.period.length"),
        Arguments.of("no maxUsd", (Consumer<CostQuotaSpec>) s -> s.limits.period.maxUsd = null, "spec.limits.period.maxUsd"),
        Arguments.of("month day 29", (Consumer<CostQuotaSpec>) s -> s.limits.period.startDay = 29, "spec.limits.period.startDay"),
        Arguments.of("week day 8", (Consumer<CostQuotaSpec>) s -> {
          s.limits.period.length = QuotaPeriod.Length.Week;
          s.limits.period.startDay = 8;
        }, "spec.limits.period.startDay"),
        Arguments.of("bad zone", (Consumer<CostQuotaSpec>) s -> s.limits.period.timeZone = "Moon/Base", "spec.limits.period.timeZone"),
        Arguments.of("burst below 1", (Consumer<CostQuotaSpec>) s -> {
          s.pacing = new QuotaPacing();
          s.pacing.maxBurst = 0.5;
        }, "spec.pacing.maxBurst"),
        Arguments.of("bad interval", (Consumer<CostQuotaSpec>) s -> s.reconcileInterval = "soon", "spec.reconcileInterval"),
        Arguments.of("bad selector operator", (Consumer<CostQuotaSpec>) s -> s.policySelector = new LabelSelectorBuilder()
            .addNewMatchExpression().withKey("team").withOperator("Like").endMatchExpression().build(),
            "spec.policySelector.matchExpressions[0].operator"),
        Arguments.of("In without values", (Consumer<CostQuotaSpec>) s -> s.policySelector = new LabelSelectorBuilder()
            .addNewMatchExpression().withKey("team").withOperator("In").endMatchExpression().build(),
            "spec.policySelector.matchExpressions[0].values"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void namesTheField(String name, Consumer<CostQuotaSpec> change, String field) {
    CostQuotaSpec s = valid();
    change.accept(s);
    var violations = QuotaValidator.validate(s, null);
    if (field == null) {
      assertThat(violations).isEmpty();
      assertThat(QuotaValidator.limits(s).period()).isPresent();
    } else {
      assertThat(violations).extracting(Violation::field).contains(field);
    }
  }
}
