package io.costslo.app.quota;

import io.costslo.api.v1alpha1.CostQuotaSpec;
import io.costslo.api.v1alpha1.CostQuotaStatus;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.QuotaPolicyStatus;
import io.costslo.app.operator.Conditions;
import io.costslo.core.quota.Pacing;
import io.costslo.core.quota.Period;
import io.costslo.core.quota.QuotaAllocator;
import io.costslo.core.quota.QuotaLimits;
import io.costslo.core.quota.QuotaMember;
import io.costslo.core.quota.SpendLedger;
import io.costslo.core.units.TokensPerSecond;
import io.costslo.core.units.Usd;
import io.costslo.core.units.UsdPerHour;
import io.costslo.core.units.UsdPerMillionTokens;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One round of a quota: count spend since the last round, pace the period, share the available
 * rate among the covered policies, publish the allowances and write status. Both quota kinds run it.
 */
public final class QuotaCycle {
  private final QuotaBook book;

  public QuotaCycle(QuotaBook book) {
    this.book = book;
  }

  /** An event the reconciler writes on the quota. */
  public record Notice(boolean warning, String reason, String message) {}

  /** @param expires when the published allowances stop applying unless renewed */
  public List<Notice> run(String quotaKey, CostQuotaSpec spec, CostQuotaStatus status, List<InferenceCostPolicy> covered,
      Long generation, Instant now, Instant expires) {
    QuotaLimits limits = QuotaValidator.limits(spec);
    List<QuotaMember> members = new ArrayList<>();
    double rate = 0;
    double tokens = 0;
    double wantedSum = 0;
    for (InferenceCostPolicy p : covered) {
      QuotaMember m = member(quotaKey, p);
      members.add(m);
      rate += spend(p);
      tokens += tokens(p);
      wantedSum += m.wanted().value();
    }
    UsdPerHour wanted = UsdPerHour.of(wantedSum);
    Period.Window window = limits.period().map(l -> l.period().containing(now, l.zone(), l.startDay()))
        .orElseGet(() -> Period.DAY.containing(now, ZoneOffset.UTC, 1)); // without a period: spend per UTC day
    SpendLedger ledger = ledger(status, window, UsdPerHour.of(rate), wanted, now);
    Pacing.Pace pace = Pacing.evaluate(limits, ledger, wanted, TokensPerSecond.of(tokens), now);
    Pacing.State state = Pacing.state(pace, wanted);
    Map<String, Optional<UsdPerHour>> allowances = QuotaAllocator.allocate(members, pace.available());
    book.publish(quotaKey, allowances, expires);

    String previous = status.state;
    status.observedGeneration = generation;
    status.state = state.name();
    status.periodStart = window.start().toString();
    status.periodEnd = window.end().toString();
    status.spentUsd = round(ledger.spent().value());
    status.projectedUsd = pace.projected().map(u -> round(u.value())).orElse(null);
    status.remainingUsd = pace.remaining().map(u -> round(u.value())).orElse(null);
    status.usdPerHour = round(rate);
    status.burnUsdPerHour = round(ledger.burn().value());
    status.wantedAverageUsdPerHour = round(ledger.wantedAverage().value());
    status.availableUsdPerHour = pace.available().map(u -> round(u.value())).orElse(null);
    status.outputTokensPerSecond = round(tokens);
    status.usdPerMillionTokens = tokens > 0 ? round(UsdPerMillionTokens.of(UsdPerHour.of(rate), TokensPerSecond.of(tokens)).value()) : null;
    status.lastUpdateTime = now.toString();
    status.policies = policyStatus(quotaKey, covered, members, allowances);

    Conditions.set(status.conditions, Conditions.READY, true, "QuotaComputed",
        covered.size() + " policies covered", generation, now);
    String summary = summary(state, wanted, pace);
    Conditions.set(status.conditions, WITHIN_QUOTA, state == Pacing.State.OnTrack, state.name(), summary, generation, now);
    List<Notice> notices = new ArrayList<>();
    if (!state.name().equals(previous)) {
      switch (state) {
        case Binding -> notices.add(new Notice(true, "QuotaBinding", summary + "; " + cuts(members, allowances)));
        case Exhausted -> notices.add(new Notice(true, "QuotaExhausted", summary));
        default -> {
          if (previous != null) {
            notices.add(new Notice(false, "QuotaReleased", summary));
          }
        }
      }
    }
    return notices;
  }

  public static final String WITHIN_QUOTA = "WithinQuota";

  private QuotaMember member(String quotaKey, InferenceCostPolicy p) {
    String key = key(p);
    var q = p.getSpec().quota;
    int priority = q == null || q.priority == null ? 0 : q.priority;
    boolean keepSlo = q != null && Boolean.TRUE.equals(q.keepSlo);
    // What its last cycle wanted; before that, what it spends. A tighter quota elsewhere caps it, so
    // this quota does not reserve for it what it could never spend.
    UsdPerHour wanted = book.wanted(key).orElse(UsdPerHour.of(spend(p)));
    Optional<UsdPerHour> elsewhere = book.elsewhere(key, quotaKey);
    if (elsewhere.isPresent() && elsewhere.get().compareTo(wanted) < 0) {
      wanted = elsewhere.get();
    }
    return new QuotaMember(key, priority, keepSlo, wanted, book.floor(key).orElse(UsdPerHour.ZERO));
  }

  private static SpendLedger ledger(CostQuotaStatus s, Period.Window window, UsdPerHour rate, UsdPerHour wanted,
      Instant now) {
    if (s.periodStart == null || s.lastUpdateTime == null || s.spentUsd == null) {
      return SpendLedger.open(window.start(), rate, wanted, now);
    }
    SpendLedger last = new SpendLedger(Instant.parse(s.periodStart), Usd.of(s.spentUsd),
        UsdPerHour.of(orZero(s.usdPerHour)), UsdPerHour.of(orZero(s.burnUsdPerHour)),
        UsdPerHour.of(s.wantedAverageUsdPerHour == null ? wanted.value() : s.wantedAverageUsdPerHour),
        Instant.parse(s.lastUpdateTime));
    return last.advance(window.start(), rate, wanted, now);
  }

  private List<QuotaPolicyStatus> policyStatus(String quotaKey, List<InferenceCostPolicy> covered,
      List<QuotaMember> members, Map<String, Optional<UsdPerHour>> allowances) {
    List<QuotaPolicyStatus> out = new ArrayList<>();
    for (int i = 0; i < covered.size(); i++) {
      InferenceCostPolicy p = covered.get(i);
      QuotaMember m = members.get(i);
      QuotaPolicyStatus s = new QuotaPolicyStatus();
      s.namespace = p.getMetadata().getNamespace();
      s.name = p.getMetadata().getName();
      s.priority = m.priority();
      s.keepSlo = m.keepSlo();
      s.wantedUsdPerHour = round(m.wanted().value());
      s.allowanceUsdPerHour = allowances.get(m.key()).map(u -> round(u.value())).orElse(null);
      s.usdPerHour = round(spend(p));
      s.outputTokensPerSecond = round(tokens(p));
      var slo = p.getStatus() == null ? null : Conditions.find(p.getStatus().conditions, Conditions.SLO_MET);
      s.sloMet = slo == null ? "Unknown" : slo.getStatus();
      s.constrainedBy = book.allowanceFor(s.namespace, s.name).map(a -> a.quota()).orElse(null);
      out.add(s);
    }
    out.sort(Comparator.comparing((QuotaPolicyStatus s) -> s.namespace).thenComparing(s -> s.name));
    return out;
  }

  private static String summary(Pacing.State state, UsdPerHour wanted, Pacing.Pace pace) {
    String available = pace.available().map(UsdPerHour::toString).orElse("no limit");
    String text = "policies want " + wanted + ", quota allows " + available;
    if (pace.remaining().isPresent()) {
      text += "; " + pace.remaining().get() + " left in the period, projected " + pace.projected().orElseThrow();
    }
    return state == Pacing.State.Exhausted ? "period limit spent; " + text : text;
  }

  /** Who was cut and by how much, lowest priority first. */
  private static String cuts(List<QuotaMember> members, Map<String, Optional<UsdPerHour>> allowances) {
    List<String> parts = new ArrayList<>();
    members.stream().sorted(Comparator.comparingInt(QuotaMember::priority).thenComparing(QuotaMember::key))
        .forEach(m -> allowances.get(m.key()).filter(a -> a.value() < m.wanted().value() - 1e-9).ifPresent(a ->
            parts.add(m.key() + " (priority " + m.priority() + ") to " + a + " of " + m.wanted())));
    return parts.isEmpty() ? "nobody cut" : "cut " + String.join(", ", parts);
  }

  static String key(InferenceCostPolicy p) {
    return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
  }

  static double spend(InferenceCostPolicy p) {
    return p.getStatus() == null || p.getStatus().observed == null ? 0 : orZero(p.getStatus().observed.usdPerHour);
  }

  static double tokens(InferenceCostPolicy p) {
    return p.getStatus() == null || p.getStatus().observed == null ? 0
        : orZero(p.getStatus().observed.outputTokensPerSecond);
  }

  private static double orZero(Double d) {
    return d == null || d.isNaN() ? 0 : d;
  }

  private static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }
}
