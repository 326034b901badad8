package io.costslo.core.cost;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reserved GPUs of one type, shared among the policies that run on that type, so their plans
 * together never count more reserved GPUs than were paid for.
 *
 * <p>Each policy states what it claims (the GPUs its last plan used, its priority, whole replicas of
 * {@code gpusPerReplica}). The target share goes by priority, highest first, then by key (so it is
 * deterministic): each takes whole replicas up to its claim while GPUs are left; what nobody claims
 * stays unassigned. A policy's <b>grant</b> is what it was last handed and plans with; it moves to
 * its target only as far as the others' grants leave room, so a share grows only into GPUs a smaller
 * grant has released: the sum of grants never exceeds the pool, even while targets change between
 * the policies' cycles. A grant not renewed by its expiry (the policy was deleted or stopped) is
 * released, and so is a claim.
 */
public final class ReservedPool {
  /**
   * What a policy asks of the pool.
   *
   * @param key the policy, e.g. "namespace/name"
   * @param priority higher is served first
   * @param gpusPerReplica GPUs one of its replicas takes (shares are whole replicas)
   * @param gpus GPUs its plan would run on reserved capacity if it could (its total replicas x GPUs)
   */
  public record Claim(String key, int priority, int gpusPerReplica, int gpus) {
    public Claim {
      if (key == null || gpusPerReplica < 1 || gpus < 0) {
        throw new IllegalArgumentException("a reserved claim needs a key, gpusPerReplica >= 1 and gpus >= 0");
      }
    }
  }

  private record Grant(int gpus, Instant expires) {}

  private record Live(Claim claim, Instant expires) {}

  private final Map<String, Live> claims = new HashMap<>();
  private final Map<String, Grant> grants = new HashMap<>();

  /** Target shares for these claims out of {@code reservedGpus}, by priority then key; whole replicas only. */
  public static Map<String, Integer> targets(List<Claim> claims, int reservedGpus) {
    List<Claim> order = new ArrayList<>(claims);
    order.sort(Comparator.comparingInt(Claim::priority).reversed().thenComparing(Claim::key));
    Map<String, Integer> out = new LinkedHashMap<>();
    int left = Math.max(0, reservedGpus);
    for (Claim c : order) {
      int take = Math.min(c.gpus(), left) / c.gpusPerReplica() * c.gpusPerReplica();
      out.put(c.key(), take);
      left -= take;
    }
    return out;
  }

  /**
   * Records what a policy claims (after its cycle) until {@code expires}; its grant follows at its
   * next {@link #grant}.
   */
  public synchronized void claim(Claim claim, Instant expires) {
    claims.put(claim.key(), new Live(claim, expires));
  }

  private void expire(Instant now) {
    grants.values().removeIf(g -> !g.expires().isAfter(now));
    claims.values().removeIf(c -> !c.expires().isAfter(now));
  }

  /**
   * The reserved GPUs a policy may plan with now, out of a pool of {@code reservedGpus}: its target,
   * as far as the others' live grants leave room. Recorded as its grant until {@code expires}.
   */
  public synchronized int grant(String key, int reservedGpus, Instant now, Instant expires) {
    expire(now);
    Live mine = claims.get(key);
    if (mine == null) {
      grants.remove(key);
      return 0;
    }
    int target = targets(claims.values().stream().map(Live::claim).toList(), reservedGpus).getOrDefault(key, 0);
    int others = grants.entrySet().stream().filter(e -> !e.getKey().equals(key)).mapToInt(e -> e.getValue().gpus()).sum();
    int room = Math.max(0, reservedGpus - others) / mine.claim().gpusPerReplica() * mine.claim().gpusPerReplica();
    int granted = Math.min(target, room);
    grants.put(key, new Grant(granted, expires));
    return granted;
  }

  /** A policy that is gone: its claim and grant are released at once. */
  public synchronized void release(String key) {
    claims.remove(key);
    grants.remove(key);
  }

  /** The sum of live grants at {@code now} (never more than the pool). */
  public synchronized int granted(Instant now) {
    expire(now);
    return grants.values().stream().mapToInt(Grant::gpus).sum();
  }
}
