package io.costslo.core.feedback;

import io.costslo.core.load.Load;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.LatencyPrediction;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.policy.CostPolicy.LatencyObjective;
import java.util.OptionalInt;

/**
 * The latency correction where the source measures attainment (the share of requests and token
 * gaps within the objectives, e.g. a histogram's bucket at the objective): it corrects the model's
 * <em>miss share</em> at the objectives, not its percentile.
 *
 * <p>Why: the percentile of a mixture is not smooth. Token gaps are short decode steps plus the few
 * steps that carry a long prefill; below a critical share of stalled gaps the p99 is a decode step
 * (~10 ms), above it a stall (~100 ms+). A factor learnt on the p99 in one regime and applied to
 * plans in the other sends the fleet to the size where the stalls fall below 1% (several times the
 * replicas), then back when the factor decays. The share of gaps that miss falls smoothly with the
 * fleet (about as 1 / replicas: each replica sees fewer long prompts), so a ratio learnt on it
 * carries over to nearby sizes.
 *
 * <p>The model's miss share at a plan is 1 - p* where p* is the percentile at which its prediction
 * just meets the objectives (bisection over the percentile; the prediction is monotone in it).
 * Planning for a miss share s with a learnt ratio r (observed / modelled) is planning at the
 * percentile 1 - s / r: the optimizer's search and exactness are unchanged.
 */
public final class TailCorrection {
  /** Smallest share the model is asked about: the model's percentiles stop at 0.9999. */
  public static final double MIN_SHARE = 1e-4;
  /** Largest share: beyond the median the tail model says nothing useful. */
  public static final double MAX_SHARE = 0.5;
  /** Bounds on the learnt ratio: the model's tail is wrong, not by more than this (a broken scrape stays bounded). */
  public static final double MIN_RATIO = 1.0 / 8;
  public static final double MAX_RATIO = 32;

  private TailCorrection() {}

  /**
   * The model's share of requests (or token gaps) missing either objective at a plan, in
   * [{@link #MIN_SHARE}, 1]: 1 when the plan saturates.
   */
  public static double modelMissShare(ReplicaProfile profile, Load load, int replicas, int batchCap,
      LatencyObjective objective) {
    return modelMissShare(profile, load, replicas, batchCap, OptionalInt.empty(), objective);
  }

  /**
   * As above at the plan's prefill chunk (empty: the engine default): the ratio is learnt against the
   * chunk that ran, so a miss its big chunk explains is not read as a tail the model lacks everywhere.
   */
  public static double modelMissShare(ReplicaProfile profile, Load load, int replicas, int batchCap,
      OptionalInt chunk, LatencyObjective objective) {
    if (ratioAt(profile, load, replicas, batchCap, chunk, objective, 1 - MIN_SHARE) <= 1) {
      return MIN_SHARE;
    }
    double atMax = ratioAt(profile, load, replicas, batchCap, chunk, objective, 1 - MAX_SHARE);
    if (atMax > 1) {
      return Double.isInfinite(atMax) ? 1.0 : MAX_SHARE;
    }
    // Bisection on log(share): the prediction meets at `hi` share and misses at `lo`.
    double lo = Math.log(MIN_SHARE);
    double hi = Math.log(MAX_SHARE);
    for (int i = 0; i < 24; i++) {
      double mid = (lo + hi) / 2;
      if (ratioAt(profile, load, replicas, batchCap, chunk, objective, 1 - Math.exp(mid)) <= 1) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return Math.exp(hi);
  }

  /**
   * As above with a share of TTFT misses the model's percentiles do not show ({@link IrreducibleSplit#unmodelled}):
   * they add to TTFT's share, and a request or gap misses where either figure does, so the share is the
   * larger of ITL's and TTFT's with them. The ratio learnt against it then stays near 1 where those
   * prompts are the misses, instead of swinging with each window's one or two long prompts.
   */
  public static double modelMissShare(ReplicaProfile profile, Load load, int replicas, int batchCap,
      OptionalInt chunk, LatencyObjective objective, double unmodelledTtftShare) {
    double both = modelMissShare(profile, load, replicas, batchCap, chunk, objective);
    if (!(unmodelledTtftShare > 0) || !(both < 1.0)) {
      return both;
    }
    // An ITL objective no step comes near: the share of TTFT's misses alone.
    LatencyObjective ttftOnly = new LatencyObjective(objective.percentile(), objective.ttft(),
        java.time.Duration.ofDays(1), objective.attainmentTarget());
    double ttft = modelMissShare(profile, load, replicas, batchCap, chunk, ttftOnly);
    return Math.max(both, Math.min(MAX_SHARE, ttft + unmodelledTtftShare));
  }

  private static double ratioAt(ReplicaProfile profile, Load load, int replicas, int batchCap, OptionalInt chunk,
      LatencyObjective objective, double percentile) {
    LatencyPrediction p = LatencyModel.predict(profile, load, replicas, batchCap, chunk, percentile);
    return p.saturated() ? Double.POSITIVE_INFINITY : objective.ratio(p.ttftMillis(), p.itlMillis());
  }

  /**
   * observed / modelled miss share, both floored at {@link #MIN_SHARE} (below it neither can be
   * told apart from none), bounded; NaN when the model saturates (no finite share to compare).
   */
  public static double ratio(double observedShare, double modelShare) {
    if (!(modelShare < 1.0) || Double.isNaN(observedShare)) {
      return Double.NaN;
    }
    double r = Math.max(MIN_SHARE, observedShare) / Math.max(MIN_SHARE, modelShare);
    return bound(r);
  }

  /** The learnt ratio after one more window: an exponentially weighted mean of log ratios. */
  public static double learn(double previous, double ratio, double smoothing) {
    if (!Double.isFinite(ratio)) {
      return previous;
    }
    return bound(Math.exp((1 - smoothing) * Math.log(previous) + smoothing * Math.log(ratio)));
  }

  /**
   * As above, the window weighed by its evidence: {@code expectedMisses} is the number of misses it
   * holds by the larger of the observed and the modelled share (requests x share). A count with mean
   * k tells its log to within about 1 / sqrt(k), so the weight is {@code smoothing x k / (k + 1)}
   * (inverse-variance shrinkage toward what was learnt): twenty requests at a 2% share, where no miss
   * at all is the likeliest outcome even when the model is right, move the ratio under a third as far
   * as a busy window does. Without it quiet windows swing the ratio, and with it the plan, by 8x a
   * minute.
   */
  public static double learn(double previous, double ratio, double smoothing, double expectedMisses) {
    if (!(expectedMisses > 0)) {
      return previous;
    }
    return learn(previous, ratio, smoothing * expectedMisses / (expectedMisses + 1.0));
  }

  /**
   * The ratio to plan with. A ratio above 1 at once, one below 1 only after {@code settledEnough}
   * (shedding on one window's word walks the fleet to the cliff); and never one that contradicts the
   * window just measured: while the plan that ran met the allowed share, the corrected model must say
   * it meets it, so the ratio is capped at allowed / modelled there (as the percentile correction is).
   */
  public static double applied(double learnt, boolean settledEnough, double observedShare, double modelShare,
      double allowedShare) {
    double r = learnt >= 1.0 || settledEnough ? learnt : 1.0;
    if (observedShare <= allowedShare && modelShare < 1.0) {
      r = Math.min(r, Math.max(1.0, allowedShare / Math.max(MIN_SHARE, modelShare)));
    }
    return r;
  }

  /** The percentile to plan at for an allowed miss share, the headroom on it and the ratio. */
  public static double plannedPercentile(double allowedShare, double headroom, double ratio) {
    double share = allowedShare * headroom / ratio;
    double p = 1.0 - Math.max(MIN_SHARE, Math.min(MAX_SHARE, share));
    return Math.max(0.5, Math.min(1 - MIN_SHARE, p));
  }

  private static double bound(double r) {
    return Math.max(MIN_RATIO, Math.min(MAX_RATIO, r));
  }
}
