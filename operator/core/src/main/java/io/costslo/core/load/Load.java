package io.costslo.core.load;

import io.costslo.core.units.RequestsPerSecond;
import io.costslo.core.units.TokensPerSecond;

/**
 * Offered load on one model deployment: request rate, token length distributions, and how bursty
 * the arrivals are.
 *
 * @param burstiness index of dispersion of arrival counts over short windows (variance / mean):
 *     1 for Poisson arrivals, above 1 for bursty traffic, below 1 for smoother than Poisson
 */
public record Load(RequestsPerSecond rate, TokenLengths input, TokenLengths output, double burstiness) {

  public Load {
    if (rate == null || input == null || output == null) {
      throw new IllegalArgumentException("load needs rate, input and output lengths");
    }
    if (!(burstiness >= 0) || Double.isInfinite(burstiness)) {
      throw new IllegalArgumentException("burstiness (index of dispersion) must be finite and >= 0, got " + burstiness);
    }
  }

  /** Poisson arrivals (burstiness 1). */
  public Load(RequestsPerSecond rate, TokenLengths input, TokenLengths output) {
    this(rate, input, output, 1.0);
  }

  /** Shorthand for the CLI and tests: rps with mean input and output tokens per request. */
  public static Load of(double requestsPerSecond, double meanInputTokens, double meanOutputTokens) {
    return new Load(RequestsPerSecond.of(requestsPerSecond),
        TokenLengths.ofMean(meanInputTokens), TokenLengths.ofMean(meanOutputTokens));
  }

  public TokensPerSecond outputTokenRate() {
    return rate.tokens(output.mean());
  }

  public TokensPerSecond inputTokenRate() {
    return rate.tokens(input.mean());
  }

  public Load withRate(RequestsPerSecond newRate) {
    return new Load(newRate, input, output, burstiness);
  }

  public Load withBurstiness(double indexOfDispersion) {
    return new Load(rate, input, output, indexOfDispersion);
  }
}
