package io.costslo.sim.control;

import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.units.RequestsPerSecond;
import io.costslo.sim.workload.Workload;

/** True offered load of a workload over time ranges (for sizing baselines and the oracle's foresight). */
public final class LoadWindows {
  private LoadWindows() {}

  /** Arrival rate and mean lengths of requests arriving in [from, to). */
  public static Load between(Workload w, double from, double to) {
    to = Math.min(to, w.horizonSeconds());
    if (to <= from) {
      return new Load(RequestsPerSecond.ZERO, TokenLengths.ofMean(0), TokenLengths.ofMean(0));
    }
    double[] t = w.arrivalSeconds();
    int i = lowerBound(t, from);
    int j = lowerBound(t, to);
    double in = 0;
    double out = 0;
    for (int k = i; k < j; k++) {
      in += w.inputTokens()[k];
      out += w.outputTokens()[k];
    }
    int n = j - i;
    double span = Math.max(1e-9, to - from);
    return new Load(RequestsPerSecond.of(n / span), TokenLengths.ofMean(n > 0 ? in / n : 0),
        TokenLengths.ofMean(n > 0 ? out / n : 0));
  }

  /** The busiest window of the given length (windows aligned to 0), with the whole workload's mean lengths. */
  public static Load peak(Workload w, double windowSeconds) {
    Load all = between(w, 0, w.horizonSeconds());
    double best = 0;
    for (double s = 0; s < w.horizonSeconds(); s += windowSeconds) {
      best = Math.max(best, between(w, s, Math.min(w.horizonSeconds(), s + windowSeconds)).rate().value());
    }
    return all.withRate(RequestsPerSecond.of(best));
  }

  static int lowerBound(double[] a, double x) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
