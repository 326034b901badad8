package io.costslo.core.policy;

import io.costslo.core.cost.GpuPrice;
import io.costslo.core.cost.GpuTypes;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.units.UsdPerHour;
import io.costslo.core.units.UsdPerMillionTokens;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything one decision needs, typed and validated. The app layer maps the Kubernetes CRD spec to
 * this record; the core never sees Kubernetes types.
 *
 * @param objective latency objectives at a percentile
 * @param budget spend limits; either may be absent
 * @param priority what gives when objectives and budget conflict
 * @param replicas bounds on total replicas (on-demand + spot)
 * @param batch allowed batch caps (vLLM --max-num-seqs) and prefill chunks (--max-num-batched-tokens), and the defaults
 * @param capacity what one replica is: GPU type, GPUs, performance profile
 * @param spot spot rules
 * @param stability damping rules
 * @param priceOverrides per GPU type prices that win over the price source
 * @param fallbackReplicas like KEDA's fallback: when metrics fail and the current total is below
 *     this, scale up to it; empty means hold
 */
public record CostPolicy(
    LatencyObjective objective,
    Budget budget,
    Priority priority,
    ReplicaBounds replicas,
    BatchOptions batch,
    Capacity capacity,
    SpotOptions spot,
    StabilityOptions stability,
    Map<String, GpuPrice> priceOverrides,
    Optional<Integer> fallbackReplicas) {

  public CostPolicy {
    requireSet(objective, "objective");
    requireSet(budget, "budget");
    requireSet(priority, "priority");
    requireSet(replicas, "replicas");
    requireSet(batch, "batch");
    requireSet(capacity, "capacity");
    requireSet(spot, "spot");
    requireSet(stability, "stability");
    Map<String, GpuPrice> canonical = new HashMap<>();
    if (priceOverrides != null) {
      priceOverrides.forEach((type, price) -> canonical.put(GpuTypes.canonical(type), price));
    }
    priceOverrides = Map.copyOf(canonical);
    fallbackReplicas = fallbackReplicas == null ? Optional.empty() : fallbackReplicas;
    fallbackReplicas.ifPresent(f -> {
      if (f < replicas.min() || f > replicas.max()) {
        throw new IllegalArgumentException("fallbackReplicas must lie within replicas [" + replicas.min()
            + ", " + replicas.max() + "], got " + f);
      }
    });
    if (spot.enabled() && spot.minOnDemandReplicas() > replicas.max()) {
      throw new IllegalArgumentException("spot.minOnDemandReplicas (" + spot.minOnDemandReplicas()
          + ") exceeds replicas.max (" + replicas.max() + ")");
    }
  }

  /** The same policy deciding with another replica profile (e.g. one calibrated online). */
  public CostPolicy withProfile(ReplicaProfile profile) {
    return new CostPolicy(objective, budget, priority, replicas, batch,
        new Capacity(capacity.gpuType(), capacity.gpusPerReplica(), profile), spot, stability, priceOverrides,
        fallbackReplicas);
  }

  /** The same policy planning against other objectives (e.g. corrected by what was observed). */
  public CostPolicy withObjective(LatencyObjective newObjective) {
    return new CostPolicy(newObjective, budget, priority, replicas, batch, capacity, spot, stability, priceOverrides,
        fallbackReplicas);
  }

  /** The same policy within other replica bounds (e.g. a floor raised by a measured miss). */
  public CostPolicy withReplicas(ReplicaBounds newBounds) {
    Optional<Integer> fallback = fallbackReplicas.map(f -> Math.max(newBounds.min(), Math.min(newBounds.max(), f)));
    return new CostPolicy(objective, budget, priority, newBounds, batch, capacity, spot, stability, priceOverrides,
        fallback);
  }

  /** The same policy with other batch choices (the closed loop narrows the chunks after an ITL miss). */
  public CostPolicy withBatch(BatchOptions newBatch) {
    return new CostPolicy(objective, budget, priority, replicas, newBatch, capacity, spot, stability, priceOverrides,
        fallbackReplicas);
  }

  /** The same policy under other stability rules (the closed loop holds capacity longer while the budget burns). */
  public CostPolicy withStability(StabilityOptions newStability) {
    return new CostPolicy(objective, budget, priority, replicas, batch, capacity, spot, newStability, priceOverrides,
        fallbackReplicas);
  }

  /** The same policy with spot disabled (spot lost: the cycle plans on-demand only). */
  public CostPolicy withoutSpot() {
    return new CostPolicy(objective, budget, priority, replicas, batch, capacity, SpotOptions.disabled(), stability,
        priceOverrides, fallbackReplicas);
  }

  /**
   * Latency objectives at one percentile.
   *
   * @param percentile request quantile the thresholds apply to, e.g. 0.99
   * @param ttft time-to-first-token threshold at that percentile
   * @param itl inter-token-latency threshold at that percentile
   * @param attainmentTarget the share of requests whose TTFT, and of token gaps, that must be within the
   *     thresholds: the attainment (the smaller of the two shares, as vLLM's two histograms measure them)
   *     is compared with it over the error budget's window, and {@code 1 - attainmentTarget} is the
   *     error budget the closed loop spends; the simulator passes a run whose attainment reaches it
   */
  public record LatencyObjective(double percentile, Duration ttft, Duration itl, double attainmentTarget) {
    public LatencyObjective {
      LatencyModel.checkPercentile(percentile);
      requirePositive(ttft, "objective.ttft");
      requirePositive(itl, "objective.itl");
      if (!(attainmentTarget > 0 && attainmentTarget <= 1)) {
        throw new IllegalArgumentException("objective.attainmentTarget must be in (0, 1], got " + attainmentTarget);
      }
    }

    public static LatencyObjective of(double percentile, Duration ttft, Duration itl) {
      return new LatencyObjective(percentile, ttft, itl, 0.99);
    }

    /** How far a prediction is from the objectives: max of the two ratios; <= 1 meets both. */
    public double ratio(double ttftMillis, double itlMillis) {
      return Math.max(ttftMillis / millis(ttft), itlMillis / millis(itl));
    }

    private static double millis(Duration d) {
      return d.toNanos() / 1_000_000.0;
    }
  }

  /** Spend limits; the CPT cap applies only while output tokens flow. */
  public record Budget(Optional<UsdPerMillionTokens> maxCostPerMillionTokens, Optional<UsdPerHour> maxSpend) {
    public Budget {
      maxCostPerMillionTokens = maxCostPerMillionTokens == null ? Optional.empty() : maxCostPerMillionTokens;
      maxSpend = maxSpend == null ? Optional.empty() : maxSpend;
    }

    public static Budget none() {
      return new Budget(Optional.empty(), Optional.empty());
    }

    public static Budget perHour(UsdPerHour max) {
      return new Budget(Optional.empty(), Optional.of(max));
    }

    public static Budget perMillionTokens(UsdPerMillionTokens max) {
      return new Budget(Optional.of(max), Optional.empty());
    }
  }

  /** Bounds on the total replica count. */
  public record ReplicaBounds(int min, int max) {
    public ReplicaBounds {
      if (min < 0) {
        throw new IllegalArgumentException("replicas.min must be >= 0, got " + min);
      }
      if (max < 1 || max < min) {
        throw new IllegalArgumentException("replicas.max must be >= max(1, replicas.min), got " + max);
      }
    }
  }

  /**
   * Batch settings the optimizer may choose from, and the ones to start with: batch caps (vLLM
   * --max-num-seqs) and prefill chunks (vLLM --max-num-batched-tokens). No allowed chunk means the
   * chunk is the engine's default and never moved. A cap and a chunk combine only when chunk &gt;= cap,
   * since vLLM refuses to start otherwise (SchedulerConfig: "max_num_batched_tokens must be greater
   * than or equal to max_num_seqs").
   */
  public record BatchOptions(List<Integer> allowedCaps, int defaultCap, List<Integer> allowedChunks,
      OptionalInt defaultChunk) {
    public BatchOptions {
      if (allowedCaps == null || allowedCaps.isEmpty()) {
        throw new IllegalArgumentException("batch.allowedCaps must list at least one cap");
      }
      allowedCaps = allowedCaps.stream().distinct().sorted().toList();
      for (int cap : allowedCaps) {
        if (cap < 1) {
          throw new IllegalArgumentException("batch.allowedCaps must be >= 1, got " + cap);
        }
      }
      if (!allowedCaps.contains(defaultCap)) {
        throw new IllegalArgumentException("batch.defaultCap " + defaultCap + " is not in batch.allowedCaps " + allowedCaps);
      }
      allowedChunks = allowedChunks == null ? List.of() : allowedChunks.stream().distinct().sorted().toList();
      defaultChunk = defaultChunk == null ? OptionalInt.empty() : defaultChunk;
      for (int chunk : allowedChunks) {
        if (chunk < 1) {
          throw new IllegalArgumentException("prefillChunk.allowedValues must be >= 1, got " + chunk);
        }
      }
      if (allowedChunks.isEmpty() && defaultChunk.isPresent()) {
        throw new IllegalArgumentException("prefillChunk default " + defaultChunk.getAsInt()
            + " given without prefillChunk.allowedValues");
      }
      if (!allowedChunks.isEmpty() && (defaultChunk.isEmpty() || !allowedChunks.contains(defaultChunk.getAsInt()))) {
        throw new IllegalArgumentException("prefillChunk default " + defaultChunk + " is not in prefillChunk.allowedValues "
            + allowedChunks);
      }
      if (!allowedChunks.isEmpty() && allowedChunks.get(allowedChunks.size() - 1) < allowedCaps.get(0)) {
        throw new IllegalArgumentException("prefillChunk.allowedValues " + allowedChunks + " are all below the smallest"
            + " batch cap " + allowedCaps.get(0) + "; vLLM needs max-num-batched-tokens >= max-num-seqs: allow a chunk"
            + " of at least " + allowedCaps.get(0));
      }
    }

    /** Caps only; the prefill chunk stays the engine's default. */
    public BatchOptions(List<Integer> allowedCaps, int defaultCap) {
      this(allowedCaps, defaultCap, List.of(), OptionalInt.empty());
    }

    /** Chunks the optimizer may pair with a cap: the allowed ones &gt;= cap, or the engine default when none is allowed. */
    public List<OptionalInt> chunksFor(int cap) {
      if (allowedChunks.isEmpty()) {
        return List.of(OptionalInt.empty());
      }
      return allowedChunks.stream().filter(k -> k >= cap).map(OptionalInt::of).toList();
    }

    /** The same caps with other chunk choices. */
    public BatchOptions withChunks(List<Integer> chunks, OptionalInt start) {
      return new BatchOptions(allowedCaps, defaultCap, chunks, start);
    }

    /** Only this cap and chunk, if they are a choice here; empty otherwise. */
    public java.util.Optional<BatchOptions> only(int cap, OptionalInt chunk) {
      if (!allowedCaps.contains(cap) || !chunksFor(cap).contains(chunk)) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(chunk.isEmpty() ? new BatchOptions(List.of(cap), cap)
          : new BatchOptions(List.of(cap), cap, List.of(chunk.getAsInt()), chunk));
    }
  }

  /** What one replica is. */
  public record Capacity(String gpuType, int gpusPerReplica, ReplicaProfile profile) {
    public Capacity {
      if (gpuType == null || gpuType.isBlank()) {
        throw new IllegalArgumentException("capacity.gpuType must not be blank");
      }
      if (gpusPerReplica < 1) {
        throw new IllegalArgumentException("capacity.gpusPerReplica must be >= 1, got " + gpusPerReplica);
      }
      requireSet(profile, "capacity.profile");
    }

    public static Capacity of(ReplicaProfile profile) {
      return new Capacity(profile.gpuType(), profile.gpusPerReplica(), profile);
    }
  }

  /**
   * Spot rules.
   *
   * @param enabled whether spot replicas may be used at all
   * @param maxSpotShare most of the total that may be spot, 0..1
   * @param minOnDemandReplicas on-demand replicas kept whenever any spot is used
   * @param preemptionsPerReplicaHour expected preemptions per spot replica per hour
   * @param recoveryTime how long a preempted replica's capacity is missing
   * @param spotPricePerGpu overrides the price source's spot price
   */
  public record SpotOptions(
      boolean enabled,
      double maxSpotShare,
      int minOnDemandReplicas,
      double preemptionsPerReplicaHour,
      Duration recoveryTime,
      Optional<UsdPerHour> spotPricePerGpu) {
    public SpotOptions {
      if (!(maxSpotShare >= 0 && maxSpotShare <= 1)) {
        throw new IllegalArgumentException("spot.maxSpotShare must be in [0, 1], got " + maxSpotShare);
      }
      if (minOnDemandReplicas < 0) {
        throw new IllegalArgumentException("spot.minOnDemandReplicas must be >= 0, got " + minOnDemandReplicas);
      }
      if (!(preemptionsPerReplicaHour >= 0) || Double.isInfinite(preemptionsPerReplicaHour)) {
        throw new IllegalArgumentException("spot.preemptionsPerReplicaHour must be finite and >= 0, got "
            + preemptionsPerReplicaHour);
      }
      if (recoveryTime == null || recoveryTime.isNegative()) {
        throw new IllegalArgumentException("spot.recoveryTime must be a non-negative duration");
      }
      spotPricePerGpu = spotPricePerGpu == null ? Optional.empty() : spotPricePerGpu;
    }

    public static SpotOptions disabled() {
      return new SpotOptions(false, 0, 0, 0, Duration.ZERO, Optional.empty());
    }
  }

  /**
   * Damping.
   *
   * @param scaleDownWindow scale down only to the highest recommendation seen in this window
   * @param batchChangeMinInterval minimum time between batch-setting changes, cap or prefill chunk (they restart pods)
   * @param batchChangeMinSaving minimum predicted saving fraction (0..1) to change the batch cap or chunk
   */
  public record StabilityOptions(Duration scaleDownWindow, Duration batchChangeMinInterval, double batchChangeMinSaving) {
    public StabilityOptions {
      if (scaleDownWindow == null || scaleDownWindow.isNegative()) {
        throw new IllegalArgumentException("stability.scaleDownWindow must be a non-negative duration");
      }
      if (batchChangeMinInterval == null || batchChangeMinInterval.isNegative()) {
        throw new IllegalArgumentException("stability.batchChangeMinInterval must be a non-negative duration");
      }
      if (!(batchChangeMinSaving >= 0 && batchChangeMinSaving < 1)) {
        throw new IllegalArgumentException("stability.batchChangeMinSaving must be in [0, 1), got " + batchChangeMinSaving);
      }
    }

    /** Kubernetes HPA's default 5 minute scale-down window; batch changes at most every 30 min for >= 10% saving. */
    public static StabilityOptions defaults() {
      return new StabilityOptions(Duration.ofMinutes(5), Duration.ofMinutes(30), 0.10);
    }

    public static StabilityOptions none() {
      return new StabilityOptions(Duration.ZERO, Duration.ZERO, 0.0);
    }
  }

  private static void requireSet(Object value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must be set");
    }
  }

  private static void requirePositive(Duration d, String field) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(field + " must be a positive duration");
    }
  }
}
