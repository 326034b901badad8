package io.costslo.app.quota;

import io.costslo.core.cost.GpuPrice;
import io.costslo.core.cost.GpuTypes;
import io.costslo.core.cost.ReservedPool;
import io.costslo.core.policy.CostPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalog's reserved GPUs shared among the policies that run on each GPU type ({@link
 * ReservedPool}: by priority, then name; a share grows only into GPUs another has released), so
 * their plans never count more reserved GPUs than were paid for. A policy with its own price
 * override for its GPU type does not take part. Before its first cycle a policy claims what its
 * replica bounds allow; after each, what its plan runs.
 */
public final class ReservedShares {
  private final Map<String, ReservedPool> pools = new ConcurrentHashMap<>();
  private final Map<String, ReservedPool.Claim> lastClaim = new ConcurrentHashMap<>();

  /**
   * The policy with the price it may plan with: the catalog price's reserved GPUs cut to its share.
   *
   * @param price the price the cycle would resolve (catalog over the built-in table)
   * @param expiry how long the share stands without renewal (a few of the policy's intervals)
   */
  public CostPolicy share(String key, int priority, CostPolicy policy, GpuPrice price, Instant now, Duration expiry) {
    String gpu = GpuTypes.canonical(policy.capacity().gpuType());
    if (price.reservedGpus() <= 0 || policy.priceOverrides().containsKey(gpu)) {
      return policy;
    }
    int perReplica = policy.capacity().gpusPerReplica();
    ReservedPool pool = pools.computeIfAbsent(gpu, g -> new ReservedPool());
    ReservedPool.Claim claim = Optional.ofNullable(lastClaim.get(key)).filter(c -> c.priority() == priority
            && c.gpusPerReplica() == perReplica)
        .orElse(new ReservedPool.Claim(key, priority, perReplica, policy.replicas().max() * perReplica));
    pool.claim(claim, now.plus(expiry));
    int share = pool.grant(key, price.reservedGpus(), now, now.plus(expiry));
    GpuPrice mine = new GpuPrice(price.onDemandPerGpu(), price.spotPerGpu(), price.source() + " (reserved share "
        + share + " of " + price.reservedGpus() + " GPUs)", share, price.reservedPerGpu());
    Map<String, GpuPrice> overrides = new HashMap<>(policy.priceOverrides());
    overrides.put(gpu, mine);
    return new CostPolicy(policy.objective(), policy.budget(), policy.priority(), policy.replicas(), policy.batch(),
        policy.capacity(), policy.spot(), policy.stability(), Map.copyOf(overrides), policy.fallbackReplicas());
  }

  /** After the cycle: what its plan runs is its claim at the next one. */
  public void ran(String key, int priority, int gpusPerReplica, int totalReplicas) {
    lastClaim.put(key, new ReservedPool.Claim(key, priority, gpusPerReplica, totalReplicas * gpusPerReplica));
  }
}
