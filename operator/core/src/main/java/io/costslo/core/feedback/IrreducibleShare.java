package io.costslo.core.feedback;

import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.LatencyPrediction;
import io.costslo.core.model.ReplicaProfile;
import java.util.OptionalInt;

/**
 * Misses no fleet size can prevent: requests whose prompt alone, prefilled on an idle replica (the
 * profile's step model, no queue, no other prompt), takes longer than the TTFT objective, or that
 * cannot fit one replica's KV cache. Capacity bought for them is wasted: a 100k-token prompt misses a
 * 2 s objective on one replica as on a hundred. The closed loop therefore splits the observed miss
 * share into this irreducible part and the reducible rest, spends the error budget and learns the
 * tail correction on the rest only, and reports the SLO as unreachable for the irreducible share.
 *
 * <p>The estimate is {@link #prior} x a learnt factor: the share of prompts longer than the longest
 * one an idle replica can prefill within the objective ({@link #reachablePromptTokens}), from a
 * log-normal with the observed mean and p99 prompt length (the shape the latency model assumes for
 * prompt variation). Only the mean and p99 are known, so the factor is learnt from the miss share
 * that persists where the fleet is lightly loaded (model utilisation at most
 * {@link #LOW_UTILISATION}), where reducible misses have all but gone.
 */
public final class IrreducibleShare {
  /**
   * Model utilisation at or below which a settled window's miss share is taken as (nearly) all
   * irreducible: queues behind other prompts are then rare, so what still misses is the long prompts.
   */
  public static final double LOW_UTILISATION = 0.25;
  /**
   * Smallest tail correction planned with while an irreducible share is split off. The reducible share
   * observed is then the difference of the measured share and an estimate of the irreducible one, and
   * a few points of error in that estimate (the prior sees only a mean and a p99) read as "no reducible
   * miss at all": a ratio learnt from it would shed the fleet on the estimate's error, not on evidence.
   */
  public static final double MIN_SPLIT_RATIO = 0.3;
  /**
   * The split is made only where the prior puts the irreducible prompts at this many error budgets
   * (1 - objectives.attainment) or more. There the target cannot be met anyway and buying capacity for
   * them is the runaway; nearer the budget an overstated prior (a p99 interpolated within a wide
   * histogram bucket, token-gap misses in the same measured share, which no prompt estimate explains)
   * would hide misses that capacity does fix, which costs more than a few irreducible misses bought for.
   */
  public static final double MIN_BUDGETS = 3.0;
  /** Bounds on the learnt factor (observed persistent share / prior): the prior's tail is off, not by more. */
  public static final double MIN_FACTOR = 0.25;
  public static final double MAX_FACTOR = 4.0;
  /** Longest prompt searched for, tokens (10x the longest context any built-in profile holds). */
  static final double MAX_PROMPT = 10_000_000;

  private IrreducibleShare() {}

  /**
   * The longest prompt an idle replica prefills within the TTFT objective (its first token: one
   * step, the prompt's prefill, per-chunk step overheads with a chunk), and that fits the KV cache
   * with the mean output; 0 when even a one-token prompt does not.
   */
  public static double reachablePromptTokens(ReplicaProfile profile, double meanOutputTokens, int batchCap,
      OptionalInt prefillChunk, java.time.Duration ttftObjective) {
    double objectiveMillis = ttftObjective.toNanos() / 1e6;
    double out = Math.max(1.0, meanOutputTokens);
    if (!(idleTtftMillis(profile, 1, out, batchCap, prefillChunk) <= objectiveMillis)) {
      return 0.0;
    }
    double lo = 1;
    double hi = Math.min(MAX_PROMPT, Math.max(1.0, profile.kvCacheTokens() - out));
    if (idleTtftMillis(profile, hi, out, batchCap, prefillChunk) <= objectiveMillis) {
      return hi;
    }
    for (int i = 0; i < 40 && hi - lo > 1; i++) {
      double mid = Math.floor((lo + hi) / 2);
      if (idleTtftMillis(profile, mid, out, batchCap, prefillChunk) <= objectiveMillis) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** TTFT of one prompt of {@code prompt} tokens on an idle replica, as the model predicts it. */
  static double idleTtftMillis(ReplicaProfile profile, double prompt, double out, int batchCap,
      OptionalInt prefillChunk) {
    Load alone = new Load(io.costslo.core.units.RequestsPerSecond.of(0), TokenLengths.ofMean(prompt),
        TokenLengths.ofMean(out));
    LatencyPrediction p = LatencyModel.predict(profile, alone, 1, batchCap, prefillChunk, 0.5);
    return p.saturated() ? Double.POSITIVE_INFINITY : p.ttftMillis();
  }

  /**
   * Share of prompts longer than {@code reachable} tokens, for a log-normal with the given mean and
   * p99 (the smaller-sigma root of p99 / mean = exp(sigma z99 - sigma^2 / 2)); a point mass when the
   * p99 is not above the mean.
   */
  public static double prior(TokenLengths prompts, double reachable) {
    double mean = prompts.mean();
    if (!(mean > 0)) {
      return 0.0;
    }
    if (!(prompts.p99() > mean)) {
      return mean > reachable ? 1.0 : 0.0;
    }
    if (!(reachable > 0)) {
      return 1.0;
    }
    double z99 = 2.326347874;
    double logRatio = Math.log(prompts.p99() / mean);
    double sigma = logRatio >= z99 * z99 / 2 ? z99 : z99 - Math.sqrt(z99 * z99 - 2 * logRatio);
    double mu = Math.log(mean) - sigma * sigma / 2;
    return LatencyModel.normalUpperTail((Math.log(reachable) - mu) / sigma);
  }

  /**
   * The learnt factor after one more lightly loaded window: an exponentially weighted mean of log
   * ratios, the first window taken whole (the prior is only a shape guess until then).
   */
  public static double learn(double factor, int windows, double observedShare, double priorShare, double smoothing) {
    if (!(priorShare > TailCorrection.MIN_SHARE) || Double.isNaN(observedShare)) {
      return factor;
    }
    double r = Math.max(TailCorrection.MIN_SHARE, observedShare) / priorShare;
    double a = windows == 0 ? 1.0 : smoothing;
    double next = Math.exp((1 - a) * Math.log(factor) + a * Math.log(r));
    return Math.max(MIN_FACTOR, Math.min(MAX_FACTOR, next));
  }

  /**
   * The share of requests (or token gaps) the loop may let miss among the reducible ones: what the
   * budget leaves once the irreducible misses are spent from it, but at least half the budget, since
   * where irreducible misses alone spend it all the reducible requests still need a target (half the
   * allowed share: within half the budget of the best attainment the fleet can reach, as the
   * simulator's bound takes a window that no size meets).
   */
  public static double reducibleAllowance(double allowedShare, double irreducibleShare) {
    return Math.max(allowedShare - irreducibleShare, allowedShare / 2);
  }
}
