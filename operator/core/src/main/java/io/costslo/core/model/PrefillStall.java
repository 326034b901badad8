package io.costslo.core.model;

import io.costslo.core.load.Load;

/**
 * Per-token ITL where steps carry prefill: how long the token gaps are that fall in steps carrying
 * prompt chunks, at a percentile of all token gaps (what vLLM's inter-token histogram and the
 * attainment count), not of steps.
 *
 * <h2>Model</h2>
 * <ol>
 *   <li><b>Which steps carry prefill.</b> A replica prefills the prompts that arrive while it is busy
 *       prefilling back to back: a prefill busy period holds N prompts, N of mean g = 1/(1 - rho_p)
 *       (M/G/1: rho_p the share of time spent prefilling), geometric, so its tokens B have mean g*I and
 *       squared coefficient of variation cv^2/g + (g-1)/g (cv^2 of one prompt from its mean and p99,
 *       log-normal as {@link LatencyModel#squaredVariation}). B is taken log-normal with that mean and
 *       variation. Busy periods start at rate lambda_r / g.
 *   <li><b>Chunks.</b> With room R = K - n prompt tokens per step (K the prefill chunk, n decoding
 *       sequences each taking one token of the budget), a busy period of B tokens runs floor(B/R)
 *       full-chunk steps and one with the rest; the steps with more than c prompt tokens number
 *       sum_k P(B > kR + c), taken as P(B > c) + E[(B - c - R/2)^+] / R (the sum's terms beyond the
 *       first as a midpoint integral). Without a chunk (R infinite) only the first term stays: a whole
 *       busy period's prompts in one step, which overstates it when prompts arrive during the step.
 *   <li><b>Share of gaps.</b> Every decoding sequence in a step gets one token gap of the step's length.
 *       Requests are routed to the replica with the fewest outstanding (as the simulator's router and
 *       least-request gateways do), so a prompt lands where the fewest sequences decode: a prefill step
 *       holds m of them, the least loaded replica's count when routing keeps counts level (exactly n for
 *       one replica; on a wide, lightly loaded fleet a prompt mostly finds an idle replica, which is why
 *       long prompts there stall few gaps). Gaps come at lambda_r * (O - 1) per second, so the share
 *       of gaps in steps with more than c prompt tokens is (lambda_r / g) * count(c) * m / (lambda_r * (O - 1)).
 *   <li><b>ITL at p.</b> The smallest c whose share is at most 1 - p (bisection; at most R): the gap at
 *       p lasts a step of m decodes and c prompt tokens, timed by the profile's step model
 *       ({@link ReplicaProfile#stepMillis}, which the simulator uses too) with the chunk's attention at
 *       the prompt's mid offset. When the share of gaps in prefill steps at all is at most 1 - p, prefill
 *       does not set the percentile and the result is 0.
 * </ol>
 * So a chunk that lets a step carry more prompt tokens than the ITL objective allows misses once more
 * than 1 - p of the gaps land in such steps, which bursts of long prompts do; a smaller chunk caps the
 * step (and costs TTFT, which {@link LatencyModel} charges).
 */
final class PrefillStall {
  /**
   * Bisection steps over the chunk size in log space: 10 halvings of [1, R] tokens leave a relative
   * error of R^(1/1024), 0.9% at 8192 tokens, far inside the model's (they run per plan evaluated). A
   * fixed grid keeps the result monotone in the load, which the optimizer's binary searches rely on.
   */
  private static final int STEPS = 10;
  /** The busy-period factor is capped here: nearer saturation the M/G/1 count is no longer a guide. */
  private static final double MAX_PREFILL_SHARE = 0.95;

  private PrefillStall() {}

  /**
   * The ITL at percentile p set by steps that carry prefill, in seconds; 0 when they are too few to set it.
   * One call of the model; {@link LatencyEvaluator} runs its two parts ({@link #search}, {@link #itlSeconds})
   * and shares the search across the batch caps of a decision.
   *
   * @param lambda requests per second on one replica
   * @param replicas replicas the load is routed over
   * @param running mean decoding sequences per replica
   * @param prefillShare share of time the replica prefills (rho_p)
   * @param chunk prompt tokens a step may carry beside its decodes; infinite without a chunk
   * @param floorSeconds the ITL the caller has without prefill: when even the longest stall is not above
   *     it, the stall cannot set the percentile and 0 is returned
   */
  static double itlSecondsAt(ReplicaProfile profile, Load load, double lambda, int replicas, double running,
      double prefillShare, double chunk, double p, double floorSeconds) {
    if (!(lambda > 0) || !(running > 0)) {
      return 0.0;
    }
    double beside = LeastLoadedRouting.decodesBesidePrefill(running, replicas);
    double[] found = new double[2];
    search(load, LatencyModel.squaredVariation(load.input()), lambda, running, beside, prefillShare, chunk, p, found);
    return itlSeconds(profile, load, beside, found[0], found[1], floorSeconds);
  }

  /**
   * The stall from a {@link #search}: 0 when it found none, or when even a step of the most tokens is
   * not above the floor (the step time grows with the prompt tokens it carries, so no stall passes it).
   */
  static double itlSeconds(ReplicaProfile profile, Load load, double beside, double tokens, double mostTokens,
      double floorSeconds) {
    if (tokens == 0.0 || stepSeconds(profile, load, beside, mostTokens) <= floorSeconds) {
      return 0.0;
    }
    return stepSeconds(profile, load, beside, tokens);
  }

  /**
   * The search of {@link #itlSecondsAt}, which does not depend on the floor (nor the batch cap, which
   * only sets the floor): into {@code found} the prompt tokens of the step the p-quantile gap falls
   * in (0 when prefill steps are too few to set the percentile) and the most a step carries (the
   * chunk, or far in the prompts' tail without one).
   */
  static void search(Load load, double inputVariation, double lambda, double running, double beside,
      double prefillShare, double chunk, double p, double[] found) {
    found[0] = 0.0;
    found[1] = 0.0;
    double in = load.input().mean();
    double out = load.output().mean();
    if (!(lambda > 0) || !(in > 0) || !(out > 1) || !(running > 0)) {
      return;
    }
    double g = 1.0 / (1.0 - Math.min(MAX_PREFILL_SHARE, Math.max(0.0, prefillShare)));
    double cv2 = inputVariation / g + (g - 1.0) / g;
    double sigma = Math.max(1e-3, Math.sqrt(Math.log1p(cv2)));
    double mean = g * in;
    double mu = Math.log(mean) - sigma * sigma / 2;
    // Share of gaps per step counted: busy periods per second x decodes per step / gaps per second.
    double perStep = beside / (g * (out - 1.0));
    double allowed = 1.0 - p;
    if (perStep * count(0.0, chunk, mean, mu, sigma) <= allowed) {
      return;
    }
    double logMost = Double.isFinite(chunk) ? Math.log(chunk) : mu + 6 * sigma;
    double tokens;
    if (Double.isFinite(chunk) && perStep * count(chunk * (1 - 1e-9), chunk, mean, mu, sigma) > allowed) {
      tokens = chunk;
    } else {
      double lo = 0.0; // log(1 token): below it every step with prefill counts
      double hi = logMost;
      for (int i = 0; i < STEPS; i++) {
        double mid = (lo + hi) / 2;
        if (perStep * count(Math.exp(mid), chunk, mean, mu, sigma) <= allowed) {
          hi = mid;
        } else {
          lo = mid;
        }
      }
      tokens = Math.exp(hi);
    }
    found[0] = tokens;
    found[1] = Math.exp(logMost);
  }

  /**
   * A step of {@code beside} decodes and one prompt chunk of {@code tokens}, its attention at the prompt's
   * mid offset; non-decreasing in the tokens (the pairs are tokens x in / 2 below the mean prompt).
   */
  private static double stepSeconds(ReplicaProfile profile, Load load, double beside, double tokens) {
    double in = load.input().mean();
    double context = in + load.output().mean() / 2;
    double offset = Math.max(0.0, in - tokens) / 2;
    return profile.stepMillis(beside + 1, beside * context, tokens, ReplicaProfile.prefillPairs(offset, tokens))
        / 1000.0;
  }

  /** Expected steps of a busy period (log-normal tokens) carrying more than c prompt tokens, chunk R. */
  static double count(double c, double chunk, double mean, double mu, double sigma) {
    double steps = survival(c, mu, sigma);
    if (Double.isFinite(chunk)) {
      steps += partialExpectation(c + chunk / 2, mean, mu, sigma) / chunk;
    }
    return steps;
  }

  /** P(X > x) for a log-normal X. */
  static double survival(double x, double mu, double sigma) {
    if (!(x > 0)) {
      return 1.0;
    }
    return 0.5 * erfc((Math.log(x) - mu) / (sigma * Math.sqrt(2)));
  }

  /** E[(X - a)^+] for a log-normal X of the given mean. */
  static double partialExpectation(double a, double mean, double mu, double sigma) {
    if (!(a > 0)) {
      return mean - a;
    }
    double l = Math.log(a);
    return Math.max(0.0, mean * cdf((mu + sigma * sigma - l) / sigma) - a * cdf((mu - l) / sigma));
  }

  static double cdf(double z) {
    return 0.5 * erfc(-z / Math.sqrt(2));
  }

  /**
   * Complementary error function: Abramowitz and Stegun 7.1.26 for x >= 0 (absolute error below
   * 1.5e-7, well inside the model's), by symmetry below.
   */
  static double erfc(double x) {
    double ax = Math.abs(x);
    double t = 1.0 / (1.0 + 0.3275911 * ax);
    double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    double r = poly * Math.exp(-ax * ax);
    return x >= 0 ? r : 2.0 - r;
  }
}
