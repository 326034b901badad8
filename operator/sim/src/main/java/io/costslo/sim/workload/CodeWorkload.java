package io.costslo.sim.workload;

import java.util.SplittableRandom;

/**
 * A synthetic bursty, prefill-heavy "code" workload (code completion behind an IDE): long prompts,
 * a few dozen output tokens, and a rate that swings between idle and bursts.
 *
 * <p>Sources and what is assumed. The shape targets are those of the held-out code traffic in the
 * issue "Enforce the SLO in closed loop": a mean prompt of about 2,000 tokens, about 28 output tokens,
 * and a rate swinging between 0 and 630 requests per minute in bursts. The Azure LLM inference dataset
 * 2023 description ({@code shared/data/traces/AzureLLMInferenceDataset2023.md}) lists a code trace
 * beside the conversation one ({@code AzureLLMInferenceTrace_code.csv}, the Splitwise ISCA 2024 data),
 * but gives no statistics and the file is not in {@code shared/data}; nothing here is fitted to it.
 * The distributions are our assumptions, chosen to hit those targets:
 * <ul>
 *   <li>Prompt tokens: log-normal with mean {@link #MEAN_PROMPT} and sigma {@link #PROMPT_SIGMA}
 *       (p99 about 4.8x the mean), cut at {@link #MAX_PROMPT} (a 16k context).
 *   <li>Output tokens: log-normal with mean {@link #MEAN_OUTPUT} and sigma {@link #OUTPUT_SIGMA}, at least 1.
 *   <li>Rate: per {@link #WINDOW_SECONDS}-second window a two-state Markov chain, bursting (rate uniform in
 *       [40%, 100%] of {@link #PEAK_PER_MINUTE}) or quiet (uniform in [0, 10%]); a burst lasts on average
 *       {@code 1 / (1 - STAY_BURST)} windows, a quiet spell {@code 1 / (1 - STAY_QUIET)}. Poisson arrivals
 *       within a window. Long-run mean about 165 requests per minute, peak 630.
 * </ul>
 * Deterministic for a seed; {@link Workloads#rateScaled} scales it like a trace.
 */
public final class CodeWorkload {
  public static final double MEAN_PROMPT = 2000;
  public static final double PROMPT_SIGMA = 0.8;
  public static final int MAX_PROMPT = 16_384;
  public static final double MEAN_OUTPUT = 28;
  public static final double OUTPUT_SIGMA = 0.6;
  public static final double PEAK_PER_MINUTE = 630;
  public static final double WINDOW_SECONDS = 60;
  static final double STAY_BURST = 0.7;
  static final double STAY_QUIET = 0.85;

  private CodeWorkload() {}

  /** {@code hours} of the code workload, arrivals and lengths from {@code seed}. */
  public static Workload generate(double hours, long seed) {
    if (!(hours > 0)) {
      throw new IllegalArgumentException("code workload hours must be > 0, got " + hours);
    }
    String name = "synthetic code (bursty 0-630 req/min, ~2k-token prompts, ~28 output tokens), "
        + Workloads.fmt(hours) + " h";
    int windows = (int) Math.ceil(hours * 3600 / WINDOW_SECONDS);
    return Workloads.poissonWindows(name, windows, WINDOW_SECONDS, hours * 3600, new BurstChain(), LENGTHS,
        new SplittableRandom(seed ^ 0xc0deL), Math.min(1 << 20, (long) (PEAK_PER_MINUTE * windows)));
  }

  /**
   * Constant-rate Poisson arrivals with the code workload's token lengths (no bursts): the latency
   * model's cross-check on prefill-heavy prompts.
   */
  public static Workload constant(double rps, double hours, long seed) {
    if (!(rps > 0) || !(hours > 0)) {
      throw new IllegalArgumentException("constant code load needs rps > 0 and hours > 0, got " + rps + ", " + hours);
    }
    int windows = (int) Math.ceil(hours * 3600 / WINDOW_SECONDS);
    return Workloads.poissonWindows(String.format(java.util.Locale.ROOT, "constant %.1f rps, code lengths", rps),
        windows, WINDOW_SECONDS, hours * 3600, (w, rnd) -> rps, LENGTHS, new SplittableRandom(seed ^ 0xc0deL),
        (long) (rps * hours * 3600 * 1.05));
  }

  /** The two-state Markov chain of the rate: bursting or quiet, drawn window by window. */
  private static final class BurstChain implements Workloads.WindowRate {
    private boolean burst;

    @Override
    public double perSecond(int window, SplittableRandom rnd) {
      burst = rnd.nextDouble() < (burst ? STAY_BURST : 1 - STAY_QUIET);
      double share = burst ? 0.4 + 0.6 * rnd.nextDouble() : 0.1 * rnd.nextDouble();
      return share * PEAK_PER_MINUTE / 60.0;
    }
  }

  private static final Workloads.Lengths LENGTHS = new Workloads.Lengths() {
    @Override
    public int input(SplittableRandom rnd) {
      return (int) Math.min(MAX_PROMPT, Math.max(1, Math.round(logNormal(rnd, MEAN_PROMPT, PROMPT_SIGMA))));
    }

    @Override
    public int output(SplittableRandom rnd) {
      return (int) Math.max(1, Math.round(logNormal(rnd, MEAN_OUTPUT, OUTPUT_SIGMA)));
    }
  };

  /** A log-normal draw with this mean and sigma (mu = ln(mean) - sigma^2 / 2). */
  static double logNormal(SplittableRandom rnd, double mean, double sigma) {
    double u1 = 1 - rnd.nextDouble();
    double u2 = rnd.nextDouble();
    double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return Math.exp(Math.log(mean) - sigma * sigma / 2 + sigma * z);
  }
}
