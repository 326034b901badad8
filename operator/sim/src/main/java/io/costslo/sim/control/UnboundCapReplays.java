package io.costslo.sim.control;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One window's replay verdicts, shared by the bound's searches at every batch cap. A replay whose
 * replicas never held as many requests as its cap (peak outstanding below it) was never limited by the
 * cap: no admission waited on it and the router never saw a full replica. The same fleet and chunk at any
 * cap above that peak replays the same events, so its verdict is known without a replay (for one that
 * stopped early too: the same events reach the same certain miss). 70B fleets hold a dozen sequences
 * where the allowed caps start at 32, so most of the bound's replays are such repeats.
 */
final class UnboundCapReplays {
  /** A finished replay: its verdict and the most requests one replica held. */
  private record Verdict(boolean meets, int peakOutstanding) {}

  private final Map<Long, List<Verdict>> byFleet = new HashMap<>();
  private int hits;

  /** The verdict a replay at this cap would give, if an earlier one shows the cap cannot matter. */
  Boolean known(int replicas, OptionalInt chunk, int cap) {
    List<Verdict> seen = byFleet.get(key(replicas, chunk));
    if (seen != null) {
      for (Verdict v : seen) {
        if (v.peakOutstanding() < cap) {
          hits++;
          return v.meets();
        }
      }
    }
    return null;
  }

  /** Verdicts given without a replay. */
  int hits() {
    return hits;
  }

  /** Records a replay at {@code cap}; kept only when the cap did not bind in it. */
  void record(int replicas, OptionalInt chunk, int cap, boolean meets, int peakOutstanding) {
    if (peakOutstanding < cap) {
      byFleet.computeIfAbsent(key(replicas, chunk), k -> new ArrayList<>()).add(new Verdict(meets, peakOutstanding));
    }
  }

  private static long key(int replicas, OptionalInt chunk) {
    return ((long) replicas << 32) | (chunk.isPresent() ? chunk.getAsInt() & 0xffffffffL : 0xffffffffL);
  }
}
