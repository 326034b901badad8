package io.costslo.core.feedback;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Rolling request counts per time bucket, oldest first, never longer than the long window (a
 * fixed-size ring in effect); a plain record so a status- or ConfigMap-backed store can save it.
 *
 * @param buckets per-bucket requests and the part of them that missed an objective
 * @param lastRecorded when the last window was counted (so overlapping windows are not counted twice)
 * @param headroom the objective factor the burn has steered to so far (1 = the objectives as written)
 */
public record ErrorBudgetState(List<Bucket> buckets, Optional<Instant> lastRecorded, double headroom) {

  public ErrorBudgetState {
    buckets = List.copyOf(buckets);
    lastRecorded = lastRecorded == null ? Optional.empty() : lastRecorded;
    if (!(headroom > 0) || Double.isInfinite(headroom)) {
      throw new IllegalArgumentException("headroom must be finite and positive, got " + headroom);
    }
  }

  public static ErrorBudgetState empty() {
    return new ErrorBudgetState(List.of(), Optional.empty(), 1.0);
  }

  /**
   * One bucket of requests.
   *
   * @param start the bucket's start, epoch seconds (a multiple of the bucket length)
   * @param requests requests counted in it
   * @param missed of those, requests estimated to miss an objective
   */
  public record Bucket(long start, double requests, double missed) {
    public Bucket {
      if (!(requests >= 0) || !(missed >= 0) || missed > requests + 1e-9 || Double.isInfinite(requests)) {
        throw new IllegalArgumentException("bucket needs 0 <= missed <= requests, got " + missed + " of " + requests);
      }
    }
  }
}
