package io.costslo.core.model;

import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.units.RequestsPerSecond;
import java.util.OptionalInt;

/**
 * Predicts percentile TTFT and ITL for N identical replicas with batch cap B under a load.
 *
 * <h2>Model</h2>
 * <ol>
 *   <li><b>Routing.</b> Requests arrive as a Poisson stream of rate lambda and are spread evenly:
 *       each replica sees lambda_r = lambda / N. The router sends each to a replica with the fewest
 *       requests outstanding, so an arrival meets another prompt's prefill less often than one
 *       replica's utilisation says while some replica is idle ({@link LeastLoadedRouting#routedBusyShare}).
 *   <li><b>Concurrency cap.</b> A replica runs at most c = min(B, floor(kvTokens / (I + O)))
 *       sequences, I and O the mean input and output lengths (full reservation: no KV preemption).
 *       Below, perSeq is the profile's per-sequence decode cost at the mean context I + O/2 and
 *       perTok its per-prompt-token prefill cost for a whole prompt of I tokens (attention included).
 *   <li><b>Capacity.</b> At full batch c, each step decodes c sequences and, since c/O sequences
 *       finish per step, prefills c*I/O prompt tokens: t_full = base + perSeq*c + perTok*I*c/O.
 *       Max throughput mu = c / (O * t_full). Utilisation rho = lambda_r / mu; rho >= 1 is
 *       saturation (unbounded queue, infinite latency, infeasible).
 *   <li><b>Steady-state step time.</b> With mean running batch n and prefill spread over steps
 *       (as chunked prefill does), t = base + perSeq*n + perTok*I*lambda_r*t. Little's law with a
 *       sequence spending O steps in the batch gives n = lambda_r*O*t. Solving both:
 *       t = base / (1 - lambda_r*(perTok*I + perSeq*O)), n = lambda_r*O*t. One shows n < c exactly
 *       when rho < 1, so the fluid solution is consistent below saturation.
 *   <li><b>Queueing for a batch slot.</b> The replica is an M/G/c queue with c slots and slot
 *       holding time S = O*t (load-dependent service). Offered load A = lambda_r*S = n. The
 *       probability of waiting is Erlang C(c, A); the wait tail uses the standard M/M/c
 *       approximation P(W > x) = C * exp(-(c - A) x / S), so the p-quantile wait is
 *       S/(c-A) * ln(C/(1-p)) when C > 1-p, else 0.
 *   <li><b>TTFT</b> at percentile p = slot wait x (1 + D) / 2 + the wait behind other prompts'
 *       prefill (a G/G/1 queue of prompts met as the router allows, see {@code prefillWaitAt}) + the step that prefills the
 *       request: t + perTok * I_p, I_p the prompt length at p (the p99 for p >= 0.99, else
 *       interpolated between mean and p99 on the normal scale). D is the arrivals' index of
 *       dispersion ({@code Load.burstiness}, 1 for Poisson); the factor is the Allen-Cunneen
 *       G/G/c approximation with exponential holding times.
 *   <li><b>ITL</b> at percentile p (of token gaps, as vLLM's inter-token histogram counts them) = the
 *       larger of a decode step at the batch's p-quantile, base + perSeq*n_p with
 *       n_p = min(c, n + z_p*sqrt(n)) (Poisson number in an M/G/infinity system, normal approximation),
 *       and the step carrying prefill that the p-quantile gap falls in ({@link PrefillStall}: the share
 *       of gaps in steps carrying more than x prompt tokens, from the arrival rate, the prompt lengths'
 *       mean and p99 and the decodes beside a prompt; the step timed by the profile's step model).
 *       Steps that carry prefills are the ones that stretch the tail of ITL, long prompts most.
 * </ol>
 *
 * <h2>Prefill chunk (vLLM --max-num-batched-tokens)</h2>
 * With a token budget K per step (one token per decoding sequence, the rest prompt chunks; absent =
 * the engine default, taken as whole prompts per step as above):
 * <ul>
 *   <li>Capacity: a full batch whose prompts must fit beside its decodes runs at most
 *       c_K = min(c, K*O/(I+O)) sequences, so mu = c_K / (O * t_full(c_K)).
 *   <li>ITL: a step prefills at most K - n prompt tokens, so a prompt takes several steps: more gaps
 *       fall in steps carrying prefill, each shorter ({@link PrefillStall}); a chunk whose full step
 *       stays under the ITL objective caps every stall.
 *   <li>TTFT: a replica prefills at most room = max(1, K - n) prompt tokens per step, each chunk step
 *       lasting t_K = base + perSeq*n + perTok*room; the prompt queue is served at t_K/room per token
 *       (not perTok), and the request's own prompt takes ceil(I_p/room) steps, i.e. ceil(I_p/room) - 1
 *       more step overheads (base + perSeq*n) than one whole-prompt step.
 * </ul>
 * A smaller chunk therefore lowers ITL and raises TTFT, the trade Vidur measures (chunked steps:
 * per-token ITL p99 43 ms against 311 ms for whole-prompt steps at the same throughput); every term
 * stays non-increasing in N.
 *
 * <h2>Assumptions</h2>
 * Poisson arrivals unless a dispersion is given, even load balancing, stationary load over the window, homogeneous replicas,
 * no KV preemption, output length independent of input length, exponential-tailed waits. Every term
 * is non-decreasing in lambda_r, so latency is monotone in load and non-increasing in N, which the
 * optimizer relies on.
 */
public final class LatencyModel {

  private LatencyModel() {}

  /** Percentiles must stay below 1: at 1 the tail is unbounded by construction. */
  public static void checkPercentile(double percentile) {
    if (!(percentile >= 0.5 && percentile <= 0.9999)) {
      throw new IllegalArgumentException("percentile must be in [0.5, 0.9999], got " + percentile);
    }
  }

  public static LatencyPrediction predict(
      ReplicaProfile profile, Load load, int replicas, int batchCap, double percentile) {
    return predict(profile, load, replicas, batchCap, OptionalInt.empty(), percentile);
  }

  /** As above with a prefill chunk (tokens per step); empty is the engine default (whole prompts). */
  public static LatencyPrediction predict(
      ReplicaProfile profile, Load load, int replicas, int batchCap, OptionalInt prefillChunk, double percentile) {
    // One evaluator per call; the optimizer keeps one per decision to share the per-load terms.
    return new LatencyEvaluator(profile, load, percentile).predict(replicas, batchCap, prefillChunk);
  }

  /** Max request throughput of one replica at a batch cap, at the load's token lengths. */
  public static RequestsPerSecond maxRequestRatePerReplica(ReplicaProfile profile, Load load, int batchCap) {
    return maxRequestRatePerReplica(profile, load, batchCap, OptionalInt.empty());
  }

  /** Max request throughput of one replica at a batch cap and prefill chunk (empty: engine default). */
  public static RequestsPerSecond maxRequestRatePerReplica(ReplicaProfile profile, Load load, int batchCap,
      OptionalInt prefillChunk) {
    return RequestsPerSecond.of(maxRate(profile, load, batchCap, prefillChunk));
  }

  /**
   * The KV fit: sequences of the load's mean prompt plus mean output (at least one token) that one
   * replica's KV cache holds, the concurrency the model runs a batch cap at or above it at.
   */
  public static int kvFit(ReplicaProfile profile, Load load) {
    return profile.kvConcurrency(load.input().mean() + Math.max(1.0, load.output().mean()));
  }

  private static double maxRate(ReplicaProfile profile, Load load, int batchCap, OptionalInt prefillChunk) {
    double in = load.input().mean();
    double out = Math.max(1.0, load.output().mean());
    int cap = Math.min(batchCap, kvFit(profile, load));
    if (cap < 1) {
      return 0.0;
    }
    double full = fullBatch(cap, in, out, prefillChunk);
    double fullStep = (profile.baseMillis() + profile.decodeMillisPerSequence(in + out / 2) * full
        + profile.prefillMillisPerToken(in) * in * full / out) / 1000.0;
    return full / (out * fullStep);
  }

  /**
   * Sequences a full batch runs: the cap, or with a token budget K per step the batch whose decodes
   * (one token each) and prefill (I/O prompt tokens per sequence per step) fit in K.
   */
  static double fullBatch(int cap, double in, double out, OptionalInt prefillChunk) {
    return prefillChunk.isPresent() ? Math.min(cap, prefillChunk.getAsInt() * out / (in + out)) : cap;
  }

  /**
   * Wait behind other prompts' prefill at percentile p: a replica prefills one prompt's tokens
   * after another, a G/G/1 queue with utilisation rho = lambda_r * perTok * I and service
   * S = perTok * prompt. Kingman: Wq = rho / (1 - rho) * E[S] * (D + cs^2) / 2, D the arrivals'
   * index of dispersion, cs^2 the squared coefficient of variation of prompt lengths; the tail is
   * exponential given a wait, and a routed arrival meets a prefilling replica with probability
   * rho x {@code routed} ({@link LeastLoadedRouting#routedBusyShare}; 1 for one replica), so
   * P(W > x) = rho * routed * exp(-x * rho / Wq) and w_p = Wq / rho * ln(rho * routed / (1 - p)).
   * {@code inputVariation} is {@link #squaredVariation} of the input.
   */
  static double prefillWaitAt(Load load, double inputVariation, double lambda, double perTok, double p,
      double routed) {
    double meanService = perTok * load.input().mean();
    double rho = lambda * meanService;
    double meets = rho * routed;
    if (!(meets > 1.0 - p) || !(meanService > 0)) {
      return 0.0;
    }
    if (rho >= 1.0) {
      return Double.POSITIVE_INFINITY;
    }
    double wq = rho / (1.0 - rho) * meanService * (load.burstiness() + inputVariation) / 2.0;
    return wq / rho * Math.log(meets / (1.0 - p));
  }

  /** P(Z > z) for a standard normal (the model's one erfc, {@link PrefillStall#erfc}). */
  public static double normalUpperTail(double z) {
    return 0.5 * PrefillStall.erfc(z / Math.sqrt(2));
  }

  /**
   * Squared coefficient of variation of a length from its mean and p99, for a log-normal with that
   * mean and p99: p99 / mean = exp(sigma * z99 - sigma^2 / 2), the smaller root; 0 for a point
   * mass, at most 16 (sigma is capped at z99, where the relation stops being invertible).
   */
  static double squaredVariation(TokenLengths lengths) {
    double mean = lengths.mean();
    if (!(mean > 0) || !(lengths.p99() > mean)) {
      return 0.0;
    }
    double z = normalQuantile(0.99);
    double logRatio = Math.log(lengths.p99() / mean);
    double sigma = logRatio >= z * z / 2 ? z : z - Math.sqrt(z * z - 2 * logRatio);
    // exp - 1, not expm1: exp is a JIT intrinsic and expm1 is not; its absolute error (1e-16) is all this figure needs.
    return Math.min(16.0, Math.exp(sigma * sigma) - 1.0);
  }

  /** Prompt length at percentile p from a mean/p99 summary. */
  static double promptLengthAt(TokenLengths lengths, double p) {
    double tail = Math.max(lengths.mean(), lengths.p99());
    if (p >= 0.99) {
      return tail;
    }
    double share = Math.max(0.0, normalQuantile(p)) / normalQuantile(0.99);
    return lengths.mean() + (tail - lengths.mean()) * share;
  }

  /**
   * Erlang C probability of waiting with {@code servers} servers and offered load {@code load}
   * Erlangs (load < servers), via the Erlang B recursion. Once past the load the terms only shrink,
   * so a negligible value is returned as 0 early; callers only compare it with 1-p >= 1e-4.
   */
  static double erlangC(int servers, double load) {
    if (load <= 0) {
      return 0.0;
    }
    double blocking = 1.0;
    for (int k = 1; k <= servers; k++) {
      blocking = load * blocking / (k + load * blocking);
      if (k > load && blocking < 1e-12) {
        return 0.0;
      }
    }
    return servers * blocking / (servers - load * (1.0 - blocking));
  }

  /**
   * Standard normal quantile for p in [0.5, 1): Abramowitz and Stegun 26.2.23 rational
   * approximation, absolute error below 4.5e-4, which is far inside the model's own error.
   */
  static double normalQuantile(double p) {
    if (p <= 0.5) {
      return 0.0;
    }
    double t = Math.sqrt(-2.0 * Math.log(1.0 - p));
    return t - (2.515517 + 0.802853 * t + 0.010328 * t * t)
        / (1.0 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
  }
}
