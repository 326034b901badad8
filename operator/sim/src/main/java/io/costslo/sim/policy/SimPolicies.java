package io.costslo.sim.policy;

import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.CostPolicy.BatchOptions;
import io.costslo.core.policy.CostPolicy.Budget;
import io.costslo.core.policy.CostPolicy.Capacity;
import io.costslo.core.policy.CostPolicy.LatencyObjective;
import io.costslo.core.policy.CostPolicy.ReplicaBounds;
import io.costslo.core.policy.CostPolicy.SpotOptions;
import io.costslo.core.policy.CostPolicy.StabilityOptions;
import io.costslo.core.policy.Priority;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/** Policies the simulator runs with when none is given. */
public final class SimPolicies {
  private SimPolicies() {}

  /** vLLM's default --max-num-batched-tokens with chunked prefill (V1 engine, online serving). */
  public static final int ENGINE_DEFAULT_CHUNK = 8192;
  /** Prefill chunks a vLLM user would allow: powers of two from 512 tokens to the engine default. */
  public static final List<Integer> USER_CHUNKS = List.of(512, 1024, 2048, 4096, ENGINE_DEFAULT_CHUNK);

  /** Where a simulation's policy comes from; the CLI maps an InferenceCostPolicy YAML through this. */
  @FunctionalInterface
  public interface PolicySource extends Supplier<CostPolicy> {}

  /**
   * Llama-3-8B on one H100: p99 TTFT 2 s and ITL 100 ms for 99% of requests, 1..64 replicas, batch
   * caps 32..256 starting at 64 (the cap the Deployment runs before CostSLO moves it), prefill chunks
   * (--max-num-batched-tokens) 512..8192 in powers of two starting at vLLM's default 8192, spot up to half
   * the fleet with at least one on-demand replica, 0.01 preemptions per spot replica-hour and 5 min to
   * replace one (the simulator's 3 min cold start plus node provisioning), no budget, Kubernetes-like
   * stability defaults.
   */
  public static CostPolicy llama8bH100() {
    return new CostPolicy(
        LatencyObjective.of(0.99, Duration.ofSeconds(2), Duration.ofMillis(100)),
        Budget.none(),
        Priority.SLO,
        new ReplicaBounds(1, 64),
        new BatchOptions(List.of(32, 64, 128, 256), 64).withChunks(USER_CHUNKS, OptionalInt.of(ENGINE_DEFAULT_CHUNK)),
        Capacity.of(BuiltInProfiles.LLAMA_8B_H100),
        new SpotOptions(true, 0.5, 1, 0.01, Duration.ofMinutes(5), Optional.empty()),
        StabilityOptions.defaults(),
        Map.of(),
        Optional.empty());
  }

  /**
   * The same policy for Llama-2-70B on two H100s (built-in profile {@code llama-70b/2xh100}); the
   * simulator's 70B yardstick. docs/policies/llama-70b-2xh100.yaml is this policy as a user writes it.
   */
  public static CostPolicy llama70bTwoH100() {
    CostPolicy p = llama8bH100();
    return new CostPolicy(p.objective(), p.budget(), p.priority(), p.replicas(), p.batch(),
        Capacity.of(BuiltInProfiles.LLAMA_70B_2X_H100), p.spot(), p.stability(), p.priceOverrides(),
        p.fallbackReplicas());
  }

  /**
   * The same policy on-demand only at its default batch cap and prefill chunk (as the Deployment runs
   * before CostSLO moves them), without budget: what baselines size with.
   */
  public static CostPolicy onDemandAtDefaultCap(CostPolicy p) {
    BatchOptions fixed = new BatchOptions(List.of(p.batch().defaultCap()), p.batch().defaultCap());
    if (p.batch().defaultChunk().isPresent()) {
      fixed = fixed.withChunks(List.of(p.batch().defaultChunk().getAsInt()), p.batch().defaultChunk());
    }
    return new CostPolicy(p.objective(), Budget.none(), Priority.SLO, p.replicas(),
        fixed, p.capacity(), SpotOptions.disabled(),
        p.stability(), p.priceOverrides(), Optional.empty());
  }

  /** The policy without stability damping: the oracle re-plans freely. */
  public static CostPolicy undamped(CostPolicy p) {
    return new CostPolicy(p.objective(), p.budget(), p.priority(), p.replicas(), p.batch(), p.capacity(), p.spot(),
        StabilityOptions.none(), p.priceOverrides(), p.fallbackReplicas());
  }
}
