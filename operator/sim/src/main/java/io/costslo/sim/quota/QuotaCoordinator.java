package io.costslo.sim.quota;

import io.costslo.core.quota.Pacing;
import io.costslo.core.quota.Period;
import io.costslo.core.quota.QuotaAllocator;
import io.costslo.core.quota.QuotaLimits;
import io.costslo.core.quota.QuotaMember;
import io.costslo.core.quota.SpendLedger;
import io.costslo.core.units.TokensPerSecond;
import io.costslo.core.units.UsdPerHour;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Phaser;

/**
 * The quota between several simulated deployments, each run by its own {@code Simulator} on its own
 * thread: at every control tick (the same simulated instants for all) each deployment posts what it
 * spends and wants, the last to arrive runs the quota round (the core's ledger, pacing and
 * allocation, as the operator's quota reconciler does), and all continue with their allowance.
 */
final class QuotaCoordinator {
  /** What a deployment reports at a tick. */
  record Report(QuotaMember member, UsdPerHour spend, TokensPerSecond tokens) {}

  /** One quota round, for the day-by-day trace. */
  record Round(Instant at, Instant periodStart, double spentUsd, double availableUsdPerHour, double wantedUsdPerHour,
      String state) {}

  private final QuotaLimits limits;
  private final Map<String, Report> reports = new ConcurrentHashMap<>();
  private volatile Map<String, Optional<UsdPerHour>> allowances = Map.of();
  private final List<Round> rounds = new ArrayList<>();
  private SpendLedger ledger;
  private final Phaser phaser;

  QuotaCoordinator(QuotaLimits limits, int deployments) {
    this.limits = limits;
    this.phaser = new Phaser(deployments) {
      @Override
      protected boolean onAdvance(int phase, int registered) {
        round();
        return registered == 0;
      }
    };
  }

  /** Posts a deployment's figures for the tick at {@code now}, waits for the others, returns its allowance. */
  Optional<UsdPerHour> tick(Report report, Instant now) {
    reports.put(report.member().key(), report);
    lastNow = now;
    phaser.arriveAndAwaitAdvance();
    return allowances.getOrDefault(report.member().key(), Optional.empty());
  }

  /** A deployment whose run ended stops taking part. */
  void leave(String key) {
    reports.remove(key);
    phaser.arriveAndDeregister();
  }

  private volatile Instant lastNow;

  private void round() {
    Instant now = lastNow;
    if (now == null || reports.isEmpty()) {
      return;
    }
    List<QuotaMember> members = new ArrayList<>();
    double spend = 0;
    double wanted = 0;
    double tokens = 0;
    for (Report r : reports.values().stream().sorted(java.util.Comparator.comparing(r -> r.member().key())).toList()) {
      members.add(r.member());
      spend += r.spend().value();
      wanted += r.member().wanted().value();
      tokens += r.tokens().value();
    }
    Instant periodStart = limits.period().map(p -> p.period().containing(now, p.zone(), p.startDay()).start())
        .orElse(Instant.EPOCH);
    ledger = ledger == null ? SpendLedger.open(periodStart, UsdPerHour.of(spend), UsdPerHour.of(wanted), now)
        : ledger.advance(periodStart, UsdPerHour.of(spend), UsdPerHour.of(wanted), now);
    Pacing.Pace pace = Pacing.evaluate(limits, ledger, UsdPerHour.of(wanted), TokensPerSecond.of(tokens), now);
    allowances = QuotaAllocator.allocate(members, pace.available());
    rounds.add(new Round(now, periodStart, ledger.spent().value(), pace.available().map(UsdPerHour::value).orElse(Double.NaN),
        wanted, Pacing.state(pace, UsdPerHour.of(wanted)).name()));
  }

  List<Round> rounds() {
    return List.copyOf(rounds);
  }

  Period.Window window(Instant at) {
    return limits.period().map(p -> p.period().containing(at, p.zone(), p.startDay())).orElseThrow();
  }
}
