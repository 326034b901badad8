package io.costslo.core.load;

import io.costslo.core.units.RequestsPerSecond;
import io.costslo.core.units.TokensPerSecond;

/** Offered load on one model deployment: request rate and token length distributions. */
public record Load(RequestsPerSecond rate, TokenLengths input, TokenLengths output) {

  public Load {
    if (rate == null || input == null || output == null) {
      throw new IllegalArgumentException("load needs rate, input and output lengths");
    }
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
    return new Load(newRate, input, output);
  }
}
