package io.costslo.core.load;

/** Distribution of a per-request token count (prompt or output), summarised by its mean and tail. */
public record TokenLengths(double mean, double p99) {

  public TokenLengths {
    if (!(mean >= 0) || !(p99 >= 0) || Double.isInfinite(mean) || Double.isInfinite(p99)) {
      throw new IllegalArgumentException("token lengths must be finite and non-negative, got mean=" + mean + " p99=" + p99);
    }
  }

  /** Lengths known only by their mean: the tail is taken as the mean (a point mass). */
  public static TokenLengths ofMean(double mean) {
    return new TokenLengths(mean, mean);
  }
}
