package io.costslo.core.quota;

import io.costslo.core.units.TokensPerSecond;
import io.costslo.core.units.Usd;
import io.costslo.core.units.UsdPerHour;
import java.time.Instant;
import java.util.Optional;

/**
 * The rate a quota can hand out now: the tightest of its hourly limit, its period pace and its CPT
 * limit.
 *
 * <p>Period pace: with {@code R} left and {@code h} hours to the period's end, spending {@code R/h}
 * every hour lands exactly on the limit. Traffic is not flat, so the pace follows it: an hour gets
 * {@code R/h} times its wanted spend over the day-scale average ({@link SpendLedger#wantedAverage}),
 * that ratio kept within {@code [1/maxBurst, maxBurst]}. A peak may spend more than the even pace,
 * a trough less, and when the quota binds every hour is cut in the same proportion rather than the
 * peaks alone. Because the pace is recomputed from what is left, spending ahead of it lowers the
 * hours after it, so the quota is not gone before the period ends; at most {@code R} is handed out
 * per hour, so the last hour cannot overshoot by more than one reconcile interval's spend.
 */
public final class Pacing {
  private Pacing() {}

  /** Quota state, as shown by {@code kubectl get costquota}. */
  public enum State { OnTrack, Binding, Exhausted }

  /**
   * @param available the rate the policies may share now; empty when the quota sets no limit
   * @param window the current period, when there is a period limit
   * @param remaining what is left of the period limit
   * @param projected spend at the period's end at the recent burn rate
   */
  public record Pace(Optional<UsdPerHour> available, Optional<Period.Window> window, Optional<Usd> remaining,
      Optional<Usd> projected) {}

  public static Pace evaluate(QuotaLimits limits, SpendLedger ledger, UsdPerHour wanted, TokensPerSecond tokens,
      Instant now) {
    Optional<UsdPerHour> available = limits.maxRate();
    Optional<Period.Window> window = Optional.empty();
    Optional<Usd> remaining = Optional.empty();
    Optional<Usd> projected = Optional.empty();
    if (limits.period().isPresent()) {
      QuotaLimits.PeriodLimit p = limits.period().get();
      Period.Window w = p.period().containing(now, p.zone(), p.startDay());
      Usd left = p.limit().minusFloored(ledger.spent());
      double hoursLeft = w.hoursLeft(now);
      double even = left.value() / Math.max(hoursLeft, 1.0);
      double peak = ledger.wantedAverage().value() > 0 ? wanted.value() / ledger.wantedAverage().value() : 1.0;
      double factor = Math.min(limits.maxBurst(), Math.max(1.0 / limits.maxBurst(), peak));
      UsdPerHour paced = UsdPerHour.of(Math.min(left.value(), even * factor));
      available = Optional.of(min(available, paced));
      window = Optional.of(w);
      remaining = Optional.of(left);
      projected = Optional.of(ledger.spent().plus(Usd.of(ledger.burn().value() * hoursLeft)));
    }
    if (limits.maxAverageCpt().isPresent() && tokens.value() > 0) {
      // A CPT cap is an hourly cap of maxCPT x tokens/h; it does not apply while no tokens flow.
      UsdPerHour byCpt = UsdPerHour.of(limits.maxAverageCpt().get().value() * tokens.value() * 3600 / 1e6);
      available = Optional.of(min(available, byCpt));
    }
    return new Pace(available, window, remaining, projected);
  }

  /** The state given the pace and the policies' summed wanted rate. */
  public static State state(Pace pace, UsdPerHour wanted) {
    if (pace.remaining().isPresent() && pace.remaining().get().value() <= 0) {
      return State.Exhausted;
    }
    return pace.available().isPresent() && wanted.compareTo(pace.available().get()) > 0 ? State.Binding
        : State.OnTrack;
  }

  private static UsdPerHour min(Optional<UsdPerHour> a, UsdPerHour b) {
    return a.isPresent() && a.get().compareTo(b) < 0 ? a.get() : b;
  }
}
