package io.costslo.core.model;

/**
 * What least-outstanding routing does to the replica a new request lands on. The router (the
 * simulator's; least-request load balancers and load-aware inference gateways come close: Envoy's
 * LEAST_REQUEST picks the less loaded of two at random) sends it to the replica holding the fewest
 * requests, and keeps the counts nearly level, so with T requests outstanding in a fleet of N the least loaded holds floor(T / N). T is
 * taken as Poisson with the fleet's mean (an M/G/infinity count: below saturation a batch serves its
 * requests side by side rather than queueing them). Two figures follow: the decodes beside a new
 * prompt's prefill ({@link PrefillStall}'s stalls) and how often the prompt meets another's prefill
 * ({@link LatencyModel}'s TTFT). Both are exactly one replica's for N = 1 and fall as N grows at a
 * fixed rate.
 */
final class LeastLoadedRouting {
  private LeastLoadedRouting() {}

  /**
   * Expected sequences decoding on the replica a new prompt is routed to, with n per replica:
   * E[floor(T / N)] = sum_k P(T >= k N), T of mean N * n. For N * n above 50 the normal
   * limit n - (N - 1) / (2N) (the mean rounding loss), at least 0. Exactly n for one replica.
   */
  static double decodesBesidePrefill(double n, int replicas) {
    if (replicas <= 1 || !(n > 0)) {
      return Math.max(0.0, n);
    }
    double total = n * replicas;
    if (total > 50) {
      return Math.max(0.0, n - (replicas - 1) / (2.0 * replicas));
    }
    double sum = 0;
    for (long k = 1; ; k++) {
      double tail = poissonAtLeast(k * replicas, total);
      if (tail < 1e-12) {
        break; // every later term is smaller still
      }
      sum += tail;
    }
    return sum;
  }

  /**
   * The share of one replica's prefill-busy probability that a routed arrival meets, in [0, 1]. Each
   * request outstanding is in its prefill a share f = rho / outstanding of its time, so the least
   * loaded replica, holding floor(T / N), is prefilling with probability 1 - (1 - f)^floor(T/N); the
   * share is E[that] over T against the same for one replica alone (1 - exp(-rho)). It is 1 for one
   * replica (the G/G/1 prefill queue unchanged), near 0 while T rarely reaches N (some replica is
   * idle), and back toward 1 as every replica holds many requests, where balancing by count no longer
   * avoids one that is prefilling.
   *
   * @param outstandingPerReplica mean requests a replica holds, in prefill or decode
   * @param prefillBusy rho, the share of time a replica prefills (at most {@code outstandingPerReplica})
   */
  static double routedBusyShare(int replicas, double outstandingPerReplica, double prefillBusy) {
    if (replicas <= 1 || !(prefillBusy > 0) || !(outstandingPerReplica > 0)) {
      return 1.0;
    }
    double f = Math.min(1.0, prefillBusy / outstandingPerReplica);
    double keep = 1.0 - f;
    double mean = replicas * outstandingPerReplica;
    // E[1 - keep^floor(T/N)] = f x sum over k >= 1 of keep^(k-1) P(T >= kN): P is 1 (to 1e-15) below
    // the mean's spread, where the sum is geometric, and 0 above it.
    double spread = 8.0 * Math.sqrt(mean) + 8.0;
    int first = Math.max(1, (int) Math.floor((mean - spread) / replicas));
    long last = (long) Math.ceil((mean + spread) / replicas) + 1;
    double w = Math.pow(keep, first - 1);
    double meets = 1.0 - w;
    for (long k = first; k <= last && w > 0; k++) {
      meets += f * w * poissonAtLeast(k * replicas, mean);
      w *= keep;
    }
    return Math.max(0.0, Math.min(1.0, meets / -Math.expm1(-prefillBusy)));
  }

  /**
   * P(T >= n) for T Poisson with the given mean: summed exactly below a mean of
   * {@link #EXACT_POISSON_MEAN}, above it by the Wilson-Hilferty approximation (the cube root of the
   * equivalent chi-square as normal; Johnson, Kemp and Kotz, Univariate Discrete Distributions,
   * section 4.5), whose error there is far inside the routing assumption's own.
   */
  static double poissonAtLeast(long n, double mean) {
    if (n <= 0) {
      return 1.0;
    }
    if (mean >= EXACT_POISSON_MEAN) {
      double z = 3.0 * Math.sqrt(n) * (Math.cbrt(mean / n) - 1.0 + 1.0 / (9.0 * n));
      return LatencyModel.normalUpperTail(-z);
    }
    double pmf = Math.exp(n * Math.log(mean) - mean - logFactorial((int) n));
    double sum = 0.0;
    for (long j = n; pmf > 1e-17 * sum || j < mean; j++) {
      sum += pmf;
      pmf *= mean / (j + 1);
    }
    return Math.min(1.0, sum);
  }

  /** Below this Poisson mean {@link #poissonAtLeast} sums the distribution; at most ~100 terms. */
  static final double EXACT_POISSON_MEAN = 40.0;

  /** ln(n!), exactly to 20 and by Stirling's series above (error below 1e-10 there). */
  static double logFactorial(int n) {
    if (n <= 20) {
      double f = 0.0;
      for (int k = 2; k <= n; k++) {
        f += Math.log(k);
      }
      return f;
    }
    double x = n + 1.0;
    return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1.0 / (12 * x) - 1.0 / (360 * x * x * x);
  }
}
