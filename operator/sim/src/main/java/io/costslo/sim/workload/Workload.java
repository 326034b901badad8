package io.costslo.sim.workload;

import java.time.Duration;
import java.util.Arrays;

/**
 * Requests to replay, sorted by arrival, stored as parallel primitive arrays: a day at 20 rps is
 * 1.7M requests and objects per request would dominate the simulator's memory and time.
 *
 * @param name what the workload is, for reports
 * @param arrivalSeconds arrival times in seconds from the start, non-decreasing
 * @param inputTokens prompt tokens per request (>= 1)
 * @param outputTokens output tokens per request (>= 1)
 * @param horizon how long the workload lasts; billing runs over [0, horizon)
 */
public record Workload(String name, double[] arrivalSeconds, int[] inputTokens, int[] outputTokens, Duration horizon) {

  public Workload {
    if (arrivalSeconds.length != inputTokens.length || arrivalSeconds.length != outputTokens.length) {
      throw new IllegalArgumentException("arrival, input and output arrays differ in length");
    }
    for (int i = 0; i < arrivalSeconds.length; i++) {
      if (i > 0 && arrivalSeconds[i] < arrivalSeconds[i - 1]) {
        throw new IllegalArgumentException("arrivals must be sorted; request " + i + " is earlier than " + (i - 1));
      }
      if (inputTokens[i] < 1 || outputTokens[i] < 1) {
        throw new IllegalArgumentException("request " + i + " needs >= 1 input and output token");
      }
    }
  }

  public int size() {
    return arrivalSeconds.length;
  }

  public double horizonSeconds() {
    return horizon.toNanos() / 1e9;
  }

  public long totalOutputTokens() {
    long sum = 0;
    for (int o : outputTokens) {
      sum += o;
    }
    return sum;
  }

  public double meanRate() {
    return size() / Math.max(1e-9, horizonSeconds());
  }

  /** The first {@code hours} of this workload. */
  public Workload firstHours(double hours) {
    double limit = hours * 3600.0;
    if (limit >= horizonSeconds()) {
      return this;
    }
    int n = 0;
    while (n < size() && arrivalSeconds[n] < limit) {
      n++;
    }
    return new Workload(name, Arrays.copyOf(arrivalSeconds, n), Arrays.copyOf(inputTokens, n),
        Arrays.copyOf(outputTokens, n), Duration.ofMillis(Math.round(limit * 1000)));
  }

  /** Requests arriving in [from, to), shifted so {@code from} is time 0, with horizon to - from. */
  public Workload between(double from, double to) {
    int a = lowerBound(from);
    int b = lowerBound(to);
    double[] t = new double[b - a];
    for (int i = a; i < b; i++) {
      t[i - a] = arrivalSeconds[i] - from;
    }
    return new Workload(name, t, Arrays.copyOfRange(inputTokens, a, b), Arrays.copyOfRange(outputTokens, a, b),
        Duration.ofMillis(Math.max(1, Math.round((to - from) * 1000))));
  }

  private int lowerBound(double t) {
    int lo = 0;
    int hi = size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (arrivalSeconds[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Sorts requests by arrival (stable) and shifts time so the first arrival is at 0. */
  static Workload normalised(String name, double[] t, int[] in, int[] out, Double horizonSeconds) {
    Integer[] order = new Integer[t.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(t[a], t[b]));
    double t0 = t.length == 0 ? 0 : t[order[0]];
    double[] ts = new double[t.length];
    int[] is = new int[t.length];
    int[] os = new int[t.length];
    for (int i = 0; i < order.length; i++) {
      ts[i] = t[order[i]] - t0;
      is[i] = Math.max(1, in[order[i]]);
      os[i] = Math.max(1, out[order[i]]);
    }
    double h = horizonSeconds != null ? horizonSeconds : (ts.length == 0 ? 1 : Math.ceil(ts[ts.length - 1] + 1));
    return new Workload(name, ts, is, os, Duration.ofMillis(Math.round(h * 1000)));
  }
}
