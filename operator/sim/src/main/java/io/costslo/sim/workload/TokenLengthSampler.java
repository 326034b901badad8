package io.costslo.sim.workload;

import java.util.SplittableRandom;

/**
 * Samples prompt and output lengths from an empirical quantile table, interpolating linearly
 * between quantiles.
 *
 * <p>The built-in table is the Azure LLM inference trace 2023, conversation service
 * ({@code shared/data/traces/AzureLLMInferenceTrace_conv_2023.csv}, 19,366 requests): quantiles of
 * ContextTokens and GeneratedTokens at p = 0, 5, 10, ..., 95, 99, 100 %, computed by us from the file
 * (nearest rank). Means in the file: 1154.7 prompt tokens, 211.1 output tokens; p99 4142 and 601.
 * Prompt and output lengths are sampled independently, as the core's latency model also assumes.
 */
public final class TokenLengthSampler implements Workloads.Lengths {
  private static final double[] P = {0, .05, .10, .15, .20, .25, .30, .35, .40, .45, .50, .55, .60, .65, .70, .75,
      .80, .85, .90, .95, .99, 1.0};
  private static final double[] AZURE_CONV_INPUT = {2, 181, 207, 372, 387, 396, 403, 414, 703, 984, 1020, 1045, 1071,
      1097, 1130, 1189, 1315, 1876, 2735, 4083, 4142, 14050};
  private static final double[] AZURE_CONV_OUTPUT = {7, 41, 54, 67, 77, 85, 91, 96, 103, 113, 129, 151, 177, 217, 384,
      395, 400, 411, 424, 451, 601, 1000};

  private final double[] input;
  private final double[] output;

  private TokenLengthSampler(double[] input, double[] output) {
    this.input = input;
    this.output = output;
  }

  /** Lengths like the Azure 2023 conversation trace. */
  public static TokenLengthSampler azureConversation() {
    return new TokenLengthSampler(AZURE_CONV_INPUT, AZURE_CONV_OUTPUT);
  }

  @Override
  public int input(SplittableRandom rnd) {
    return sample(input, rnd.nextDouble());
  }

  @Override
  public int output(SplittableRandom rnd) {
    return sample(output, rnd.nextDouble());
  }

  private static int sample(double[] q, double u) {
    int k = 1;
    while (k < P.length - 1 && P[k] < u) {
      k++;
    }
    double share = (u - P[k - 1]) / (P[k] - P[k - 1]);
    return (int) Math.max(1, Math.round(q[k - 1] + share * (q[k] - q[k - 1])));
  }
}
