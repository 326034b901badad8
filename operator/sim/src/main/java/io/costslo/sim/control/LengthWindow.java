package io.costslo.sim.control;

import io.costslo.sim.engine.SimContext;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The p99 prompt and output lengths of the requests finished over the metrics window, as a
 * metrics backend reads them from vLLM's {@code request_prompt_tokens} and
 * {@code request_generation_tokens} histograms (1-2-5 buckets, {@code histogram_quantile}'s linear
 * interpolation within a bucket). The mean alone makes every prompt the mean one, and then no model
 * can see the long prompts that stretch a step.
 */
final class LengthWindow {
  private final Deque<double[]> ticks = new ArrayDeque<>();
  private int seen;

  /** Records the requests finished since the last call, and returns {p99 prompt, p99 output} over the window. */
  double[] p99(SimContext ctx, double windowSeconds) {
    int n = ctx.finishedCount();
    long[] prompt = new long[BOUNDS.length + 1];
    long[] output = new long[BOUNDS.length + 1];
    for (int i = seen; i < n; i++) {
      SimContext.FinishedRequest r = ctx.finished(i);
      prompt[bucket(r.promptTokens())]++;
      output[bucket(r.outputTokens())]++;
    }
    seen = n;
    double now = ctx.nowSeconds();
    double[] tick = new double[1 + 2 * prompt.length];
    tick[0] = now;
    for (int b = 0; b < prompt.length; b++) {
      tick[1 + b] = prompt[b];
      tick[1 + prompt.length + b] = output[b];
    }
    ticks.addLast(tick);
    while (!ticks.isEmpty() && ticks.peekFirst()[0] <= now - windowSeconds) {
      ticks.removeFirst();
    }
    double[] sumPrompt = new double[prompt.length];
    double[] sumOutput = new double[prompt.length];
    for (double[] t : ticks) {
      for (int b = 0; b < prompt.length; b++) {
        sumPrompt[b] += t[1 + b];
        sumOutput[b] += t[1 + prompt.length + b];
      }
    }
    return new double[] {quantile(sumPrompt, 0.99), quantile(sumOutput, 0.99)};
  }

  /** vLLM's 1-2-5 token buckets, up to 1M tokens. */
  static final double[] BOUNDS = bounds();

  private static double[] bounds() {
    double[] b = new double[19];
    double decade = 1;
    for (int i = 0; i < b.length; i += 3) {
      b[i] = decade;
      if (i + 1 < b.length) {
        b[i + 1] = 2 * decade;
      }
      if (i + 2 < b.length) {
        b[i + 2] = 5 * decade;
      }
      decade *= 10;
    }
    return b;
  }

  private static int bucket(int tokens) {
    int i = Arrays.binarySearch(BOUNDS, tokens);
    return i >= 0 ? i : Math.min(BOUNDS.length, -i - 1);
  }

  /** histogram_quantile: linear within the bucket where the rank falls; NaN when empty. */
  static double quantile(double[] counts, double q) {
    double total = 0;
    for (double c : counts) {
      total += c;
    }
    if (!(total > 0)) {
      return Double.NaN;
    }
    double rank = q * total;
    double below = 0;
    for (int b = 0; b < counts.length; b++) {
      if (below + counts[b] >= rank && counts[b] > 0) {
        double lower = b == 0 ? 0 : BOUNDS[b - 1];
        double upper = b < BOUNDS.length ? BOUNDS[b] : BOUNDS[BOUNDS.length - 1];
        return lower + (upper - lower) * (rank - below) / counts[b];
      }
      below += counts[b];
    }
    return BOUNDS[BOUNDS.length - 1];
  }
}
