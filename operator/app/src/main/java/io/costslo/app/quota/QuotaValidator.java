package io.costslo.app.quota;

import io.costslo.api.v1alpha1.CostQuotaSpec;
import io.costslo.core.units.Durations;
import io.costslo.api.v1alpha1.QuotaPeriod;
import io.costslo.app.policy.Violation;
import io.costslo.core.quota.Period;
import io.costslo.core.quota.QuotaLimits;
import io.costslo.core.units.Usd;
import io.costslo.core.units.UsdPerHour;
import io.costslo.core.units.UsdPerMillionTokens;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The schema's rules for a quota, checked again (an API server without schema enforcement must not
 * let a bad quota cap anything), and the mapping to the core's limits.
 */
public final class QuotaValidator {
  private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

  private QuotaValidator() {}

  public static List<Violation> validate(CostQuotaSpec spec, LabelSelector namespaceSelector) {
    List<Violation> out = new ArrayList<>();
    if (spec == null || spec.limits == null) {
      out.add(new Violation("spec.limits", "is required; give maxUsdPerHour, period or maxUsdPerMillionTokens"));
      return out;
    }
    nonNegative(out, "spec.limits.maxUsdPerHour", spec.limits.maxUsdPerHour);
    nonNegative(out, "spec.limits.maxUsdPerMillionTokens", spec.limits.maxUsdPerMillionTokens);
    QuotaPeriod p = spec.limits.period;
    if (p != null) {
      if (p.length == null) {
        out.add(new Violation("spec.limits.period.length", "is required: Day, Week or Month"));
      }
      if (p.maxUsd == null) {
        out.add(new Violation("spec.limits.period.maxUsd", "is required: USD per period"));
      }
      nonNegative(out, "spec.limits.period.maxUsd", p.maxUsd);
      int day = p.startDay == null ? 1 : p.startDay;
      int max = p.length == QuotaPeriod.Length.Week ? 7 : p.length == QuotaPeriod.Length.Day ? 1 : 28;
      if (day < 1 || day > max) {
        out.add(new Violation("spec.limits.period.startDay", "must be in 1.." + max + " for a " + p.length
            + " period, got " + day));
      }
      try {
        ZoneId.of(p.timeZone == null ? "UTC" : p.timeZone);
      } catch (DateTimeException e) {
        out.add(new Violation("spec.limits.period.timeZone", "'" + p.timeZone
            + "' is not an IANA time zone; use e.g. UTC, Europe/Berlin or America/New_York"));
      }
    }
    if (spec.pacing != null && spec.pacing.maxBurst != null
        && !(spec.pacing.maxBurst >= 1 && spec.pacing.maxBurst <= 10)) {
      out.add(new Violation("spec.pacing.maxBurst", "must be in 1..10, got " + spec.pacing.maxBurst));
    }
    if (spec.reconcileInterval != null) {
      try {
        if (Durations.parse(spec.reconcileInterval).getSeconds() < 1) {
          out.add(new Violation("spec.reconcileInterval", "must be at least 1s"));
        }
      } catch (IllegalArgumentException e) {
        out.add(new Violation("spec.reconcileInterval", "'" + spec.reconcileInterval + "' is not a duration like 30s or 1m"));
      }
    }
    selector(out, "spec.policySelector", spec.policySelector);
    selector(out, "spec.namespaceSelector", namespaceSelector);
    return out;
  }

  private static void selector(List<Violation> out, String field, LabelSelector s) {
    if (s == null || s.getMatchExpressions() == null) {
      return;
    }
    for (int i = 0; i < s.getMatchExpressions().size(); i++) {
      LabelSelectorRequirement r = s.getMatchExpressions().get(i);
      String at = field + ".matchExpressions[" + i + "]";
      if (r.getKey() == null || r.getKey().isBlank()) {
        out.add(new Violation(at + ".key", "is required"));
      }
      if (!OPERATORS.contains(r.getOperator())) {
        out.add(new Violation(at + ".operator", "must be In, NotIn, Exists or DoesNotExist, got " + r.getOperator()));
      } else if ((r.getOperator().equals("In") || r.getOperator().equals("NotIn"))
          && (r.getValues() == null || r.getValues().isEmpty())) {
        out.add(new Violation(at + ".values", "must list at least one value for " + r.getOperator()));
      }
    }
  }

  private static void nonNegative(List<Violation> out, String field, Double v) {
    if (v != null && !(v >= 0 && !v.isInfinite())) {
      out.add(new Violation(field, "must be a number >= 0, got " + v));
    }
  }

  /** The core's limits for a spec {@link #validate} accepted. */
  public static QuotaLimits limits(CostQuotaSpec spec) {
    var l = spec.limits;
    Optional<QuotaLimits.PeriodLimit> period = Optional.ofNullable(l.period).map(p -> new QuotaLimits.PeriodLimit(
        Period.valueOf(p.length.name().toUpperCase(java.util.Locale.ROOT)), Usd.of(p.maxUsd),
        ZoneId.of(p.timeZone == null ? "UTC" : p.timeZone), p.startDay == null ? 1 : p.startDay));
    double burst = spec.pacing == null || spec.pacing.maxBurst == null ? QuotaLimits.DEFAULT_MAX_BURST : spec.pacing.maxBurst;
    return new QuotaLimits(Optional.ofNullable(l.maxUsdPerHour).map(UsdPerHour::of), period,
        Optional.ofNullable(l.maxUsdPerMillionTokens).map(UsdPerMillionTokens::of), burst);
  }
}
