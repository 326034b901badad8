package io.costslo.sim;

import java.util.Map;
import java.util.TreeMap;

/**
 * The largest integer setting in [1, max] whose run meets a required attainment, when a smaller setting
 * never serves worse (so the settings that meet form a prefix [1, answer]). Every probe is a whole
 * simulation (on a 14-day trace, seconds of CPU each), so the search aims for few probes: the start,
 * then where the misses it saw would shrink (or grow) to the allowed share ({@link #second}), and later ones go
 * where a straight line through the attainments seen so far crosses the requirement (usually one probe
 * on each side of the answer). The bracket [lo, hi] that holds the answer shrinks with every probe, and a
 * probe that did not halve it is followed by a bisection, so a badly shaped attainment curve costs at most
 * about twice a bisection's probes. With the premise holding, the answer is the same as any gallop and
 * bisection's; 0 if even setting 1 misses.
 */
final class TargetSearch {
  /** One probe's outcome: whether it meets, and the attainment it reached (an estimate for a stopped probe). */
  record Probe(boolean meets, double attainment) {}

  /** Runs the setting's probe. */
  interface Prober {
    Probe probe(int setting);
  }

  private final int max;
  private final double required;
  private final Prober prober;
  private final TreeMap<Integer, Double> seen = new TreeMap<>();
  /** Largest setting known to meet (0: none yet). */
  private int lo;
  /** The answer is at most this: one below the smallest setting known to miss. */
  private int hi;
  private int probes;

  private TargetSearch(int max, double required, Prober prober) {
    this.max = max;
    this.required = required;
    this.prober = prober;
  }

  /** The largest setting in [1, max] that meets {@code required}, starting at {@code start}; 0 if none. */
  static int largestMeeting(int start, int max, double required, Prober prober) {
    return new TargetSearch(max, required, prober).run(start);
  }

  /** Probes a search of this shape makes (for tests). */
  static int probesFor(int start, int max, double required, Prober prober) {
    TargetSearch s = new TargetSearch(max, required, prober);
    s.run(start);
    return s.probes;
  }

  private int run(int start) {
    lo = 0;
    hi = max;
    int s = Math.max(1, Math.min(max, start));
    boolean startMeets = probe(s);
    if (lo < hi) {
      probe(second(s, startMeets, seen.get(s)));
    }
    boolean bisectNext = false;
    int open = 0; // probes in a row that found no setting on the other side of the answer
    while (lo < hi) {
      int before = hi - lo;
      boolean bracketed = bracketed();
      int next = bisectNext ? (lo + hi + 1) >>> 1 : guess();
      if (!bracketed && open >= 2) {
        // The line keeps landing on the same side: step at least as a gallop would, so this stays logarithmic.
        next = lo == 0 ? Math.min(next, hi + 1 - (1 << Math.min(open, 20)))
            : Math.max(next, lo + (1 << Math.min(open, 20)));
      }
      probe(Math.max(lo + 1, Math.min(hi, next)));
      // Once bracketed, a probe that did not halve the bracket is followed by a bisection.
      bisectNext = bracketed && !bisectNext && 2 * (hi - lo) > before;
      open = bracketed() ? 0 : open + 1;
    }
    return lo;
  }

  /**
   * The second probe: where the start's share of misses would reach the allowed share if misses grew in
   * proportion to the setting (the load per pod, to first order). The neighbour, as a gallop's first step,
   * where the start missed nothing to scale.
   */
  private int second(int s, boolean startMeets, double attainment) {
    double missed = 1 - attainment;
    double allowed = 1 - required;
    if (!(missed > 0) || !(allowed > 0)) {
      return startMeets ? s + 1 : s - 1;
    }
    double x = Math.floor(Math.min(max + 1.0, s * allowed / missed) + 1e-9);
    return (int) (startMeets ? Math.max(s + 1, Math.min(hi, x)) : Math.max(lo + 1, Math.min(s - 1, x)));
  }

  /** Whether a setting that meets and one that misses are both known. */
  private boolean bracketed() {
    return lo >= 1 && seen.ceilingKey(hi + 1) != null;
  }

  private boolean probe(int setting) {
    Probe p = prober.probe(setting);
    probes++;
    seen.put(setting, p.attainment());
    if (p.meets()) {
      lo = Math.max(lo, setting);
    } else {
      hi = Math.min(hi, setting - 1);
    }
    return p.meets();
  }

  /**
   * Where the line through the two probes nearest the answer reaches the requirement: the largest known
   * to meet and the smallest known to miss if both are known, else the two nearest on the one known side.
   * Bisection (or, open-ended, a doubling step) where the line says nothing (flat, or rising the wrong way).
   */
  private int guess() {
    Map.Entry<Integer, Double> below = lo >= 1 ? seen.floorEntry(lo) : null;
    Map.Entry<Integer, Double> above = seen.ceilingEntry(hi + 1);
    Map.Entry<Integer, Double> a;
    Map.Entry<Integer, Double> b;
    if (below != null && above != null) {
      a = below;
      b = above;
    } else if (above != null) {
      a = above;
      b = seen.higherEntry(above.getKey()); // both miss: extrapolate downwards
    } else {
      b = below;
      a = below == null ? null : seen.lowerEntry(below.getKey()); // both meet: extrapolate upwards
    }
    if (a != null && b != null) {
      double slope = (b.getValue() - a.getValue()) / (b.getKey() - a.getKey()); // attainment per setting, < 0
      if (slope < 0 && Double.isFinite(slope)) {
        double x = a.getKey() + (required - a.getValue()) / slope;
        if (Double.isFinite(x)) {
          return (int) Math.floor(Math.max(-1, Math.min(max + 1, x)) + 1e-9);
        }
      }
    }
    if (lo >= 1 && hi < max && above != null) {
      return (lo + hi + 1) >>> 1;
    }
    // Open-ended and nothing to go on: double the distance from the probe nearest the open side.
    return above != null ? above.getKey() - 2 * Math.max(1, seen.lastKey() - above.getKey())
        : below.getKey() + 2 * Math.max(1, below.getKey() - seen.firstKey());
  }
}
