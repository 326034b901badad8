package io.costslo.core.feedback;

import io.costslo.core.calibration.Durations;
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
 * <ul>
 *   <li>Both windows burning above {@code tightenAbove}: plan with tighter objectives, by
 *       1/sqrt(burn) of the smaller burn, bounded below by {@code minHeadroom}. Requiring both is
 *       the Workbook's trick: the long window says it is real, the short one that it still is.
 *   <li>Both windows burning below {@code loosenBelow}, with the long window at least half
 *       covered: plan looser, linearly up to {@code maxHeadroom} at zero burn; the unspent budget
 *       buys a cheaper plan.
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
   * @param maxHeadroom largest objective factor, >= 1
   */
  public record Options(Duration bucket, Duration shortWindow, Duration longWindow, double tightenAbove,
      double loosenBelow, double minHeadroom, double maxHeadroom) {
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
    }

    /** 1-minute buckets, 5 min / 1 h windows, tighten above burn 1 down to 0.5x, loosen below 0.25 up to 1.2x. */
    public static Options defaults() {
      return new Options(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1), 1.0, 0.25, 0.5, 1.2);
    }
  }

  private final Options options;

  public ErrorBudget(Options options) {
    this.options = options;
  }

  /** Counts the observation's requests since the last count, and drops what fell out of the long window. */
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
    return new ErrorBudgetState(kept, Optional.of(now));
  }

  /** Burn over both windows and the headroom they imply. */
  public BurnRates burn(ErrorBudgetState state, double attainmentTarget, Instant now) {
    double allowed = 1.0 - attainmentTarget;
    double shortBurn = burnOver(state, options.shortWindow(), allowed, now);
    double longBurn = burnOver(state, options.longWindow(), allowed, now);
    long covered = state.buckets().stream().filter(b -> b.requests() > 0).count();
    double coverage = Math.min(1.0,
        covered * (double) options.bucket().getSeconds() / options.longWindow().getSeconds());
    return new BurnRates(shortBurn, longBurn, coverage, headroom(shortBurn, longBurn, coverage));
  }

  double headroom(double shortBurn, double longBurn, double coverage) {
    if (Double.isNaN(shortBurn) || Double.isNaN(longBurn)) {
      return 1.0;
    }
    double slower = Math.min(shortBurn, longBurn);
    if (slower > options.tightenAbove()) {
      return Math.max(options.minHeadroom(), 1.0 / Math.sqrt(slower));
    }
    double faster = Math.max(shortBurn, longBurn);
    if (faster < options.loosenBelow() && coverage >= 0.5) {
      return 1.0 + (options.maxHeadroom() - 1.0) * (1.0 - faster / options.loosenBelow());
    }
    return 1.0;
  }

  private double burnOver(ErrorBudgetState state, Duration window, double allowed, Instant now) {
    long bucketSeconds = options.bucket().getSeconds();
    long current = Math.floorDiv(now.getEpochSecond(), bucketSeconds) * bucketSeconds;
    long oldest = current - window.getSeconds() + bucketSeconds;
    double requests = 0;
    double missed = 0;
    for (ErrorBudgetState.Bucket b : state.buckets()) {
      if (b.start() >= oldest && b.start() <= current) {
        requests += b.requests();
        missed += b.missed();
      }
    }
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
