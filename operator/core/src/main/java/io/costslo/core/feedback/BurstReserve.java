package io.costslo.core.feedback;

import io.costslo.core.units.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Capacity kept for a burst that the recent past says can arrive within one cold start.
 *
 * <p>Why: capacity ordered when a burst starts serves only a cold start later, and on bursty traffic
 * (quiet minutes, then ten times the rate) the requests of that cold start are many times the whole
 * error budget. The stability window does not help once a lull outlasts it. So the fleet is sized for
 * the current rate plus the largest rise seen within one cold start over the error budget's long
 * window (at most the peak seen there), unless the budget left in that window absorbs what such a
 * rise would miss.
 *
 * <p>Misses when a burst at rate {@code R} meets a fleet that serves {@code r < R}: the queue grows at
 * {@code R - r}, a request waits longer than the TTFT objective {@code T} once the queue holds
 * {@code T * r} requests, i.e. after {@code T * r / (R - r)} seconds, and from then until new capacity
 * serves, one cold start {@code C} after the burst began, every arrival misses:
 * {@code misses(r) = R * max(0, C - T * r / (R - r))}. The reserve is the smallest {@code r} whose
 * misses fit the budget left {@code B}: {@code r = R * k / (1 + k)} with {@code k = (C - B / R) / T},
 * none when {@code k <= 0}. On smooth traffic the rise within a cold start is the rate's noise, so
 * the reserve is small; the per-minute history is the error budget's own ({@link ErrorBudgetState}),
 * so nothing more is stored.
 */
public final class BurstReserve {

  /**
   * Cold starts of closed history before the largest rise seen is taken as the burst to expect. Why:
   * that rise is the largest of the cold-start spans seen, and with k spans the next one exceeds them
   * all about once in k + 1 (if spans are exchangeable); over fewer than a handful the reserve is a
   * guess, and a fleet cut on it meets the first larger burst a cold start short.
   */
  public static final int WARM_UP_COLD_STARTS = 5;

  private BurstReserve() {}

  /**
   * Whether the history is long enough for the reserve to stand for the bursts to come: its closed
   * buckets span {@link #WARM_UP_COLD_STARTS} cold starts (one bucket when the cold start is shorter).
   * Until then the closed loop keeps the fleet it found (ClosedLoopAdjustment).
   */
  public static boolean warm(ErrorBudgetState history, Duration bucket, Instant now, Duration coldStart) {
    long open = openBucket(bucket, now);
    long first = history.buckets().stream().mapToLong(ErrorBudgetState.Bucket::start).filter(t -> t < open).min()
        .orElse(open);
    return open - first >= WARM_UP_COLD_STARTS * horizon(bucket, coldStart);
  }

  /** Start of the bucket still filling at {@code now}, epoch seconds: it counts for nothing yet. */
  private static long openBucket(Duration bucket, Instant now) {
    long bucketSeconds = bucket.getSeconds();
    return Math.floorDiv(now.getEpochSecond(), bucketSeconds) * bucketSeconds;
  }

  /** A rise is looked for within one cold start, at least one bucket. */
  private static long horizon(Duration bucket, Duration coldStart) {
    return Math.max(bucket.getSeconds(), coldStart.getSeconds());
  }

  /**
   * The rate to size for.
   *
   * @param rate the demand the cycle sizes for otherwise, req/s
   * @param history the error budget's per-bucket request counts over its long window
   * @param bucket the budget's bucket length
   * @param now the cycle's clock (the open bucket, still filling, is left out)
   * @param coldStart how long new capacity takes to serve
   * @param ttft the TTFT objective
   * @param attainmentTarget share of requests that must meet the objectives
   * @param irreducible share of requests no fleet serves within the objectives ({@link IrreducibleShare}):
   *     taken out of the budget left, as the burn takes it out ({@link ErrorBudget#burn})
   * @return {@code rate}, or more when a burst could not be absorbed
   */
  public static double sizedRate(double rate, ErrorBudgetState history, Duration bucket, Instant now,
      Duration coldStart, Duration ttft, double attainmentTarget, double irreducible) {
    long bucketSeconds = bucket.getSeconds();
    long open = openBucket(bucket, now);
    List<ErrorBudgetState.Bucket> closed = history.buckets().stream().filter(b -> b.start() < open).toList();
    if (closed.size() < 2 || !(rate >= 0)) {
      return rate;
    }
    double peak = 0.0;
    double rise = 0.0;
    double requests = 0.0;
    double missed = 0.0;
    long horizon = horizon(bucket, coldStart);
    for (int j = 0; j < closed.size(); j++) {
      ErrorBudgetState.Bucket later = closed.get(j);
      double r = later.requests() / bucketSeconds;
      peak = Math.max(peak, r);
      requests += later.requests();
      missed += later.missed();
      for (int i = j - 1; i >= 0 && later.start() - closed.get(i).start() <= horizon; i--) {
        rise = Math.max(rise, r - closed.get(i).requests() / bucketSeconds);
      }
    }
    double burst = Math.min(rate + rise, Math.max(peak, rate));
    if (!(burst > rate)) {
      return rate;
    }
    double irr = Math.max(0.0, Math.min(1.0, irreducible));
    double budgetLeft = Math.max(0.0,
        (1.0 - attainmentTarget) * (1.0 - irr) * requests - Math.max(0.0, missed - irr * requests));
    double k = (Durations.seconds(coldStart) - budgetLeft / burst) / Math.max(1e-3, Durations.seconds(ttft));
    if (!(k > 0)) {
      return rate;
    }
    return Math.max(rate, burst * k / (1.0 + k));
  }
}
