package io.costslo.sim.engine;

import java.util.function.LongPredicate;

/**
 * When a probe ({@link Simulator#runMeets}) may stop: once the run can no longer meet both objectives at
 * the percentile whatever comes after, i.e. more TTFT misses, or more token gaps over the ITL objective,
 * than the percentile allows even if every later request and token met them. Checked after every event,
 * so the counts are first compared with the fewest at which the exact test (two divisions) can hold;
 * its shares only fall as the counts grow, so this skips it exactly where it is false.
 */
final class ProbeStop {
  private final int n;
  private final long maxGaps;
  private final double percentile;
  private final int missLimit;
  private final long gapLimit;

  /**
   * @param n requests of the run
   * @param maxGaps token gaps the run can emit at most (output - 1 per request)
   */
  ProbeStop(int n, long maxGaps, double percentile) {
    this.n = n;
    this.maxGaps = maxGaps;
    this.percentile = percentile;
    // n + 1: never (there are no more misses than requests); past maxGaps the exact test decides alone.
    missLimit = (int) firstTrue(0, n + 1, m -> ttftMissed((int) m));
    gapLimit = maxGaps > 0 ? firstTrue(1, maxGaps + 1, this::itlMissed) : Long.MAX_VALUE;
  }

  /** The smallest x in [lo, hi) at which the monotone test holds, or hi if it holds nowhere there. */
  private static long firstTrue(long lo, long hi, LongPredicate test) {
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (test.test(mid)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** True once the run certainly misses, given its TTFT misses and its token gaps over the ITL objective so far. */
  boolean certainMiss(int ttftMisses, long badGaps) {
    return (ttftMisses >= missLimit || badGaps >= gapLimit) && (ttftMissed(ttftMisses) || itlMissed(badGaps));
  }

  private boolean ttftMissed(int misses) {
    return n > 0 && (double) (n - misses) / n < percentile - 1e-12;
  }

  private boolean itlMissed(long bad) {
    // Every request emits at most output - 1 gaps, so the final share of good gaps is at most this.
    return maxGaps > 0 && bad > 0 && (double) (maxGaps - bad) / maxGaps < percentile - 1e-12;
  }
}
