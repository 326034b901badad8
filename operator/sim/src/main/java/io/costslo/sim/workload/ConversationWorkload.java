package io.costslo.sim.workload;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A synthetic long-context, multi-turn conversation workload (chat over documents or a long history):
 * sessions that return a few times, each turn's prompt the whole conversation so far.
 *
 * <p>Sources and what is assumed. The shape target is the held-out long-context conversation traffic in
 * the issue "Enforce the SLO in closed loop": a mean prompt of about 12k tokens. The Mooncake trace in
 * {@code shared/data} is another shape (single long requests, mean 15k, 17 minutes); this one differs
 * on purpose, so that a change tuned to one long-context trace is seen on another. The distributions
 * are our assumptions, chosen to hit that target, not fitted to any trace:
 * <ul>
 *   <li>Sessions: Poisson arrivals at a rate that swings by {@link #SWING} around
 *       {@link #SESSIONS_PER_MINUTE} over a {@link #PERIOD_MINUTES}-minute period (a smooth, not a
 *       bursty, load: bursts are the code workload's part).
 *   <li>Turns per session: uniform in 1..{@link #MAX_TURNS}; between turns an exponential think time of
 *       mean {@link #THINK_SECONDS} s (turns past the horizon are not sent).
 *   <li>First prompt: log-normal, mean {@link #MEAN_FIRST_PROMPT}, sigma {@link #FIRST_PROMPT_SIGMA}
 *       (documents and history); each later prompt is the previous one plus its answer plus a new user
 *       message (log-normal, mean {@link #MEAN_USER_MESSAGE}, sigma 1); all cut at {@link #MAX_PROMPT}
 *       (a 128k context).
 *   <li>Answers: log-normal output tokens, mean {@link #MEAN_OUTPUT}, sigma {@link #OUTPUT_SIGMA}, at least 1.
 * </ul>
 * About 3,300 requests an hour with a mean prompt near 11k tokens. Deterministic for a seed;
 * {@link Workloads#rateScaled} scales it like a trace.
 */
public final class ConversationWorkload {
  public static final double SESSIONS_PER_MINUTE = 15;
  public static final double SWING = 0.6;
  public static final double PERIOD_MINUTES = 30;
  public static final int MAX_TURNS = 6;
  public static final double THINK_SECONDS = 40;
  public static final double MEAN_FIRST_PROMPT = 9_500;
  public static final double FIRST_PROMPT_SIGMA = 1.0;
  public static final double MEAN_USER_MESSAGE = 800;
  public static final int MAX_PROMPT = 120_000;
  public static final double MEAN_OUTPUT = 340;
  public static final double OUTPUT_SIGMA = 0.9;

  private ConversationWorkload() {}

  /** {@code hours} of the conversation workload, sessions and lengths from {@code seed}. */
  public static Workload generate(double hours, long seed) {
    if (!(hours > 0)) {
      throw new IllegalArgumentException("conversation workload hours must be > 0, got " + hours);
    }
    double horizon = hours * 3600;
    SplittableRandom rnd = new SplittableRandom(seed ^ 0xc0a7L);
    int capacity = (int) Math.min(1 << 22, SESSIONS_PER_MINUTE / 60 * (1 + SWING) * horizon * MAX_TURNS + 16);
    double[] at = new double[capacity];
    int[] in = new int[capacity];
    int[] out = new int[capacity];
    int n = 0;
    double peak = SESSIONS_PER_MINUTE / 60 * (1 + SWING);
    // Thinning (Lewis-Shedler): candidates at the peak rate, each kept with rate(t) / peak.
    for (double t = exp(rnd, peak); t < horizon && n < capacity; t += exp(rnd, peak)) {
      double rate = SESSIONS_PER_MINUTE / 60 * (1 + SWING * Math.sin(2 * Math.PI * t / (PERIOD_MINUTES * 60)));
      if (rnd.nextDouble() * peak >= rate) {
        continue;
      }
      double prompt = CodeWorkload.logNormal(rnd, MEAN_FIRST_PROMPT, FIRST_PROMPT_SIGMA);
      double turnAt = t;
      int turns = 1 + rnd.nextInt(MAX_TURNS);
      for (int k = 0; k < turns && turnAt < horizon && n < capacity; k++) {
        int answer = (int) Math.max(1, Math.round(CodeWorkload.logNormal(rnd, MEAN_OUTPUT, OUTPUT_SIGMA)));
        at[n] = turnAt;
        in[n] = (int) Math.min(MAX_PROMPT, Math.max(1, Math.round(prompt)));
        out[n] = answer;
        n++;
        prompt += answer + CodeWorkload.logNormal(rnd, MEAN_USER_MESSAGE, 1.0);
        turnAt += exp(rnd, 1 / THINK_SECONDS);
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    double[] times = at;
    Arrays.sort(order, (a, b) -> Double.compare(times[a], times[b]));
    double[] sortedAt = new double[n];
    int[] sortedIn = new int[n];
    int[] sortedOut = new int[n];
    for (int i = 0; i < n; i++) {
      sortedAt[i] = at[order[i]];
      sortedIn[i] = in[order[i]];
      sortedOut[i] = out[order[i]];
    }
    String name = "synthetic long-context conversations (~11k-token prompts, multi-turn), " + Workloads.fmt(hours) + " h";
    return new Workload(name, sortedAt, sortedIn, sortedOut, Duration.ofSeconds((long) Math.ceil(horizon)));
  }

  private static double exp(SplittableRandom rnd, double rate) {
    return -Math.log(1 - rnd.nextDouble()) / rate;
  }
}
