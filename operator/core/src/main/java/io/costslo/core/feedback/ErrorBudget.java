package io.costslo.core.feedback;

import io.costslo.core.units.Durations;
import io.costslo.core.metrics.Observation;
import io.costslo.core.policy.CostPolicy.LatencyObjective;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The policy's attainment target as an error budget: the share of requests allowed to miss an
 * objective is {@code 1 - attainmentTarget}; how fast it is spent over a short and a long window
 * (the multi-window burn rate of the Google SRE Workbook, "Alerting on SLOs", 5 min / 1 h) moves
 * the operating point.
 *
 * <p>The headroom is a factor on the objectives the plan is made for, steered over time rather than
 * set from one window, so that one bad minute (which the latency correction already answers) does
 * not buy the fleet's maximum:
 * <ul>
 *   <li>Both windows burning above {@code tightenAbove}, with at least two short windows of history
 *       in the long one: the headroom shrinks by {@code tightenPerMinute} per minute (from at most 1),
 *       down to {@code minHeadroom}. Requiring both is the Workbook's trick: the long window says it
 *       is real, the short one that it still is; with less history the long window is the short one
 *       and confirms nothing.
 *   <li>Both below {@code loosenBelow}, with the long window at least half covered: it grows by
 *       {@code loosenPerMinute} per minute up to {@code maxHeadroom}; the unspent budget buys a cheaper plan.
 *   <li>Otherwise it relaxes toward 1 with a half-life of {@code relaxHalfLife}.
 * </ul>
 *
 * <p>Missed requests come from the observation's measured attainment when it has one; otherwise
 * from the observed percentile and the objective, assuming an exponential tail beyond it: if the
 * p-quantile is q, P(X > x) = (1-p)^(x/q), so the share missing an objective o is
 * (1-p)^(o/q), the larger of TTFT and ITL (their misses are taken as the same requests).
 */
public final class ErrorBudget {

  /**
   * @param bucket bucket length (counts are kept per bucket)
   * @param shortWindow the fast window, e.g. 5 min
   * @param longWindow the slow window, e.g. 1 h; also how much history is kept
   * @param tightenAbove burn above which both windows buy headroom, >= 1
   * @param loosenBelow burn below which both windows allow a looser plan, in [0, 1)
   * @param minHeadroom smallest objective factor, (0, 1]
   * @param maxHeadroom largest objective factor, [1, 4]
   * @param tightenPerMinute headroom factor per minute of confirmed fast burn, (0, 1)
   * @param loosenPerMinute headroom factor per minute of confirmed slow burn, [1, 2]
   * @param relaxHalfLife how fast the headroom returns to 1 otherwise
   */
  public record Options(Duration bucket, Duration shortWindow, Duration longWindow, double tightenAbove,
      double loosenBelow, double minHeadroom, double maxHeadroom, double tightenPerMinute, double loosenPerMinute,
      Duration relaxHalfLife) {
    public Options {
      if (bucket == null || bucket.getSeconds() < 1 || shortWindow == null || longWindow == null
          || shortWindow.compareTo(bucket) < 0 || longWindow.compareTo(shortWindow) < 0) {
        throw new IllegalArgumentException("error budget windows need 1s <= bucket <= shortWindow <= longWindow");
      }
      if (longWindow.getSeconds() / bucket.getSeconds() > 10_000) {
        throw new IllegalArgumentException("error budget longWindow / bucket must be at most 10000 buckets");
      }
      if (!(tightenAbove >= 1) || !(loosenBelow >= 0 && loosenBelow < 1)) {
        throw new IllegalArgumentException("error budget thresholds need tightenAbove >= 1 > loosenBelow >= 0");
      }
      if (!(minHeadroom > 0 && minHeadroom <= 1) || !(maxHeadroom >= 1 && maxHeadroom <= 4)) {
        throw new IllegalArgumentException("error budget headroom needs 0 < min <= 1 <= max <= 4");
      }
      if (!(tightenPerMinute > 0 && tightenPerMinute < 1) || !(loosenPerMinute >= 1 && loosenPerMinute <= 2)
          || relaxHalfLife == null || relaxHalfLife.getSeconds() < 1) {
        throw new IllegalArgumentException("error budget steering needs 0 < tighten < 1 <= loosen <= 2 and a half-life >= 1s");
      }
    }

    /**
     * 1-minute buckets, 5 min / 1 h windows; tighten above burn 2 by 5% a minute down to 0.6x,
     * loosen below burn 0.25 by 1% a minute up to 1.2x, relax with a 5-minute half-life. The
     * latency correction answers a miss at once; the budget steers slowly, for what it leaves.
     */
    public static Options defaults() {
      return new Options(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1), 2.0, 0.25, 0.6, 1.2,
          0.95, 1.01, Duration.ofMinutes(5));
    }
  }

  private final Options options;

  public ErrorBudget(Options options) {
    this.options = options;
  }

  /**
   * Counts the observation's requests since the last count, and drops what fell out of the long window.
   * Every request whose outcome is known is counted, those no fleet could serve within the objectives
   * ({@link IrreducibleShare}) included: the burn takes that share out when it is computed, with the
   * estimate of the cycle that reads it, so a share learnt late re-judges the window already counted
   * (an estimate that starts low would otherwise leave its early misses spent for an hour).
   */
  public ErrorBudgetState record(ErrorBudgetState state, Observation o, LatencyObjective objective, Instant now) {
    if (state.lastRecorded().isPresent() && !now.isAfter(state.lastRecorded().get())) {
      return state; // the same or an older window: already counted
    }
    double windowSeconds = Durations.seconds(o.window());
    double since = state.lastRecorded().map(t -> Durations.seconds(Duration.between(t, now))).orElse(windowSeconds);
    Optional<Double> missShare = missedShare(o, objective);
    // Requests whose outcome is unknown are not counted at all (neither good nor bad).
    double requests = missShare.isPresent() ? o.load().rate().value() * Math.min(windowSeconds, since) : 0.0;
    double missed = missShare.orElse(0.0) * requests;
    long bucketSeconds = options.bucket().getSeconds();
    long start = Math.floorDiv(now.getEpochSecond(), bucketSeconds) * bucketSeconds;
    long oldest = start - options.longWindow().getSeconds() + bucketSeconds;
    List<ErrorBudgetState.Bucket> kept = new ArrayList<>();
    for (ErrorBudgetState.Bucket b : state.buckets()) {
      if (b.start() >= oldest && b.start() < start) {
        kept.add(b);
      } else if (b.start() == start) {
        requests += b.requests();
        missed += b.missed();
      }
    }
    if (requests > 0) {
      kept.add(new ErrorBudgetState.Bucket(start, requests, Math.min(requests, missed)));
    }
    return new ErrorBudgetState(kept, Optional.of(now), state.headroom());
  }

  /** Counts the observation and steers the headroom by the burn since the last count. */
  public ErrorBudgetState update(ErrorBudgetState state, Observation o, LatencyObjective objective, Instant now) {
    return update(state, o, objective, now, 0.0);
  }

  /**
   * As above, the burn judged on the reducible requests (all but the irreducible share) against the
   * reducible allowance ({@link #reducibleTarget}).
   */
  public ErrorBudgetState update(ErrorBudgetState state, Observation o, LatencyObjective objective, Instant now,
      double irreducible) {
    ErrorBudgetState counted = record(state, o, objective, now);
    if (counted == state) {
      return state;
    }
    double minutes = state.lastRecorded()
        .map(t -> Durations.seconds(Duration.between(t, now)) / 60.0).orElse(0.0);
    BurnRates rates = burn(counted, objective.attainmentTarget(), now, irreducible);
    double headroom = o.attainment().isPresent() ? steerMeasured(state.headroom(), rates, minutes)
        : steer(state.headroom(), rates, minutes);
    return new ErrorBudgetState(counted.buckets(), counted.lastRecorded(), headroom);
  }

  /**
   * The attainment target the reducible requests are held to: 1 - {@link IrreducibleShare#reducibleAllowance};
   * the policy's own target when nothing is irreducible.
   */
  public static double reducibleTarget(double attainmentTarget, double irreducible) {
    return irreducible > 0 ? 1.0 - IrreducibleShare.reducibleAllowance(1.0 - attainmentTarget, irreducible)
        : attainmentTarget;
  }

  /** Burn over both windows, with the headroom steered so far. */
  public BurnRates burn(ErrorBudgetState state, double attainmentTarget, Instant now) {
    return burn(state, attainmentTarget, now, 0.0);
  }

  /**
   * As above, on the reducible requests only: a share {@code irreducible} of every bucket's requests, and
   * as many of its misses, is taken out, and the rest are held to {@link #reducibleTarget} of the
   * policy's {@code attainmentTarget}.
   */
  public BurnRates burn(ErrorBudgetState state, double attainmentTarget, Instant now, double irreducible) {
    double irr = Math.max(0.0, Math.min(1.0, irreducible));
    double allowed = 1.0 - reducibleTarget(attainmentTarget, irr);
    double shortBurn = burnOver(state, options.shortWindow(), allowed, now, irr);
    double longBurn = burnOver(state, options.longWindow(), allowed, now, irr);
    long covered = state.buckets().stream().filter(b -> b.requests() > 0).count();
    double coverage = Math.min(1.0,
        covered * (double) options.bucket().getSeconds() / options.longWindow().getSeconds());
    return new BurnRates(shortBurn, longBurn, coverage, state.headroom(), peakShortBurn(state, allowed, now, irr));
  }

  /** The headroom after {@code minutes} at these burn rates, starting from {@code headroom}. */
  double steer(double headroom, BurnRates b, double minutes) {
    double shortBurn = b.shortWindow();
    double longBurn = b.longWindow();
    if (!Double.isNaN(shortBurn) && !Double.isNaN(longBurn)) {
      double confirmable = 2.0 * options.shortWindow().getSeconds() / options.longWindow().getSeconds();
      if (Math.min(shortBurn, longBurn) > options.tightenAbove() && b.longCoverage() >= Math.min(1.0, confirmable)) {
        return Math.max(options.minHeadroom(), Math.min(1.0, headroom) * Math.pow(options.tightenPerMinute(), minutes));
      }
      if (Math.max(shortBurn, longBurn) < options.loosenBelow() && b.longCoverage() >= 0.5) {
        return Math.min(options.maxHeadroom(), Math.max(1.0, headroom) * Math.pow(options.loosenPerMinute(), minutes));
      }
    }
    double halfLives = minutes * 60.0 / options.relaxHalfLife().getSeconds();
    return 1.0 + (headroom - 1.0) * Math.pow(0.5, halfLives);
  }

  /**
   * Where attainment is measured the headroom is a factor on the allowed miss share (planned share =
   * allowed x headroom), steered as an integral controller with a dead band, from both windows:
   * <ul>
   *   <li>both burning above 1 (the budget is spent faster than it accrues, confirmed by the long
   *       window over at least two short ones): shrink by {@link #MEASURED_TIGHTEN_PER_MINUTE} a minute,
   *       down to {@link #MEASURED_MIN_HEADROOM};
   *   <li>both below {@link #MEASURED_LOOSEN_BELOW} with the long window half covered (a large unspent
   *       budget): grow by {@link #MEASURED_LOOSEN_PER_MINUTE} a minute, up to {@link #MEASURED_MAX_HEADROOM};
   *   <li>in between: hold. The band is where the budget is spent at a sustainable pace; relaxing toward 1
   *       there would undo the correction that brought the burn into it.
   * </ul>
   * Tightening is fast (halves in about 7 minutes) since a burn above 1 loses budget for good;
   * loosening slow (doubles in about 35 minutes) since a cheaper plan is a saving, not a repair.
   */
  double steerMeasured(double headroom, BurnRates b, double minutes) {
    double shortBurn = b.shortWindow();
    double longBurn = b.longWindow();
    if (Double.isNaN(shortBurn) || Double.isNaN(longBurn)) {
      return headroom;
    }
    double confirmable = 2.0 * options.shortWindow().getSeconds() / options.longWindow().getSeconds();
    if (Math.min(shortBurn, longBurn) > 1.0 && b.longCoverage() >= Math.min(1.0, confirmable)) {
      return Math.max(MEASURED_MIN_HEADROOM, headroom * Math.pow(MEASURED_TIGHTEN_PER_MINUTE, minutes));
    }
    if (Math.max(shortBurn, longBurn) < MEASURED_LOOSEN_BELOW && b.longCoverage() >= 0.5) {
      return Math.min(MEASURED_MAX_HEADROOM, headroom * Math.pow(MEASURED_LOOSEN_PER_MINUTE, minutes));
    }
    return Math.max(MEASURED_MIN_HEADROOM, Math.min(MEASURED_MAX_HEADROOM, headroom));
  }

  /** Smallest factor on the allowed miss share (plan for a quarter of the misses allowed). */
  public static final double MEASURED_MIN_HEADROOM = 0.25;
  /** Largest factor on the allowed miss share (plan for twice the misses allowed while the budget is unspent). */
  public static final double MEASURED_MAX_HEADROOM = 2.0;
  /** Burn below which, on both windows, the unspent budget buys a cheaper plan. */
  public static final double MEASURED_LOOSEN_BELOW = 0.75;
  static final double MEASURED_TIGHTEN_PER_MINUTE = 0.9;
  static final double MEASURED_LOOSEN_PER_MINUTE = 1.02;

  private double burnOver(ErrorBudgetState state, Duration window, double allowed, Instant now, double irr) {
    long bucketSeconds = options.bucket().getSeconds();
    long current = Math.floorDiv(now.getEpochSecond(), bucketSeconds) * bucketSeconds;
    return burnBetween(state, current - window.getSeconds() + bucketSeconds, current, allowed, irr);
  }

  /**
   * The highest burn over a short window ending at any bucket of the long window: whether the budget the
   * long window shows spent went at a sustainable pace or in bursts that spent it faster than it accrues.
   */
  private double peakShortBurn(ErrorBudgetState state, double allowed, Instant now, double irr) {
    long bucketSeconds = options.bucket().getSeconds();
    long current = Math.floorDiv(now.getEpochSecond(), bucketSeconds) * bucketSeconds;
    long oldest = current - options.longWindow().getSeconds() + bucketSeconds;
    long span = options.shortWindow().getSeconds() - bucketSeconds;
    double peak = Double.NaN;
    for (ErrorBudgetState.Bucket b : state.buckets()) {
      if (b.start() >= oldest && b.start() <= current) {
        double burn = burnBetween(state, Math.max(oldest, b.start() - span), b.start(), allowed, irr);
        peak = Double.isNaN(peak) || burn > peak ? burn : peak;
      }
    }
    return peak;
  }

  /**
   * Burn over the buckets starting in [oldest, newest], epoch seconds, on their reducible requests (all
   * but a share {@code irr}); NaN when they hold no request.
   */
  private static double burnBetween(ErrorBudgetState state, long oldest, long newest, double allowed, double irr) {
    double requests = 0;
    double missed = 0;
    for (ErrorBudgetState.Bucket b : state.buckets()) {
      if (b.start() >= oldest && b.start() <= newest) {
        requests += b.requests();
        missed += b.missed();
      }
    }
    missed = Math.max(0.0, missed - irr * requests);
    requests *= 1.0 - irr;
    if (!(requests > 0)) {
      return Double.NaN;
    }
    // A target of 100% has no budget: any miss burns "infinitely" fast, none burns nothing.
    return allowed > 0 ? (missed / requests) / allowed : (missed > 0 ? Double.POSITIVE_INFINITY : 0.0);
  }

  /** Share of the window's requests that missed an objective; empty when nothing tells. */
  static Optional<Double> missedShare(Observation o, LatencyObjective objective) {
    if (o.attainment().isPresent()) {
      return Optional.of(1.0 - o.attainment().get());
    }
    double p = o.percentile();
    if (!(p > 0 && p < 1)) {
      return Optional.empty();
    }
    Optional<Double> ttft = o.ttft().map(q -> tailAbove(q, objective.ttft(), p));
    Optional<Double> itl = o.itl().map(q -> tailAbove(q, objective.itl(), p));
    if (ttft.isEmpty() && itl.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Math.max(ttft.orElse(0.0), itl.orElse(0.0)));
  }

  /** P(X > objective) for an exponential tail whose p-quantile is {@code quantile}. */
  static double tailAbove(Duration quantile, Duration objective, double p) {
    double q = Durations.seconds(quantile);
    if (!(q > 0)) {
      return 0.0;
    }
    return Math.pow(1.0 - p, Durations.seconds(objective) / q);
  }
}
