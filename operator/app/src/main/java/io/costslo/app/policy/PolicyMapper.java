package io.costslo.app.policy;

import io.costslo.api.v1alpha1.Capacity;
import io.costslo.core.units.Durations;
import io.costslo.api.v1alpha1.InferenceCostPolicySpec;
import io.costslo.api.v1alpha1.ProfileSpec;
import io.costslo.api.v1alpha1.SpotSpec;
import io.costslo.core.cost.BuiltInPrices;
import io.costslo.core.cost.GpuPrice;
import io.costslo.core.cost.GpuTypes;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.Priority;
import io.costslo.core.units.UsdPerHour;
import io.costslo.core.units.UsdPerMillionTokens;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Translates the user's spec into the core's {@link CostPolicy}: the one place where CRD field
 * names meet core types. Validation runs first, so every error names a spec field.
 */
public final class PolicyMapper {
  /** vLLM's --max-num-seqs default, used when the Deployment does not set it. */
  public static final int ENGINE_DEFAULT_BATCH_CAP = 256;
  /**
   * vLLM V1's --max-num-batched-tokens default for its API server on 80 GB GPUs (vLLM 0.8+ engine
   * arguments; 2048 on smaller GPUs), used when the Deployment does not set it.
   */
  public static final int ENGINE_DEFAULT_PREFILL_CHUNK = 8192;

  /** GPU types with both a built-in profile and a built-in price, by canonical name. */
  public static final Set<String> KNOWN_GPU_TYPES = BuiltInProfiles.all().stream()
      .map(p -> GpuTypes.canonical(p.gpuType()))
      .filter(t -> new BuiltInPrices().price(t).isPresent())
      .collect(Collectors.toCollection(TreeSet::new));

  private final PolicyValidator validator = new PolicyValidator(KNOWN_GPU_TYPES);

  public PolicyValidator validator() {
    return validator;
  }

  /**
   * @param currentBatchCap the batch cap the workload runs with now, if it sets one
   * @throws InvalidPolicyException naming each bad field
   */
  public CostPolicy toCore(InferenceCostPolicySpec spec, Optional<Integer> currentBatchCap)
      throws InvalidPolicyException {
    return toCore(spec, currentBatchCap, Optional.empty());
  }

  /**
   * @param currentBatchCap the batch cap the workload runs with now, if it sets one
   * @param currentPrefillChunk the prefill chunk it runs with now, if it sets one
   * @throws InvalidPolicyException naming each bad field
   */
  public CostPolicy toCore(InferenceCostPolicySpec spec, Optional<Integer> currentBatchCap,
      Optional<Integer> currentPrefillChunk) throws InvalidPolicyException {
    List<Violation> violations = validator.validate(spec);
    if (!violations.isEmpty()) {
      throw new InvalidPolicyException(violations);
    }
    Capacity c = spec.capacity;
    ReplicaProfile profile = profile(c);
    try {
      return new CostPolicy(
          new CostPolicy.LatencyObjective(spec.objectives.percentile / 100.0, Durations.parse(spec.objectives.ttft),
              Durations.parse(spec.objectives.itl), spec.objectives.attainment),
          budget(spec),
          "Budget".equals(spec.priority) ? Priority.BUDGET : Priority.SLO,
          new CostPolicy.ReplicaBounds(spec.replicas.min, spec.replicas.max),
          batch(spec, currentBatchCap).withChunks(chunks(spec), startChunk(spec, currentPrefillChunk)),
          new CostPolicy.Capacity(c.gpuType, c.gpusPerReplica, profile),
          spot(c),
          stability(spec),
          prices(c),
          Optional.ofNullable(spec.metrics == null ? null : spec.metrics.fallbackReplicas));
    } catch (IllegalArgumentException e) {
      // The core checks cross-field rules too (e.g. fallback within bounds); report them on the spec.
      throw new InvalidPolicyException(List.of(new Violation("spec", e.getMessage())));
    }
  }

  private static ReplicaProfile profile(Capacity c) throws InvalidPolicyException {
    if (c.profile != null) {
      ProfileSpec p = c.profile;
      return new ReplicaProfile("inline", c.gpuType, c.gpusPerReplica, millis(p.baseIterationTime),
          millis(p.perSequenceTime), millis(p.perPrefillTokenTime), p.kvCacheTokens, "policy spec.capacity.profile");
    }
    String gpu = GpuTypes.canonical(c.gpuType);
    String model = c.model == null ? null : c.model.toLowerCase(Locale.ROOT);
    List<ReplicaProfile> matches = BuiltInProfiles.all().stream()
        .filter(p -> GpuTypes.canonical(p.gpuType()).equals(gpu) && p.gpusPerReplica() == c.gpusPerReplica)
        .filter(p -> model == null || p.name().startsWith(model + "/"))
        .toList();
    if (matches.isEmpty()) {
      String known = BuiltInProfiles.all().stream()
          .map(p -> p.name().substring(0, p.name().indexOf('/')) + " on " + p.gpusPerReplica() + "x" + p.gpuType())
          .distinct().collect(Collectors.joining(", "));
      throw new InvalidPolicyException(List.of(new Violation("spec.capacity.model",
          "no built-in profile for model " + (c.model == null ? "(any)" : "'" + c.model + "'") + " on "
              + c.gpusPerReplica + "x" + c.gpuType + "; built-in: " + known + "; or give spec.capacity.profile")));
    }
    return matches.get(0);
  }

  private static CostPolicy.Budget budget(InferenceCostPolicySpec spec) {
    if (spec.budget == null) {
      return CostPolicy.Budget.none();
    }
    return new CostPolicy.Budget(
        Optional.ofNullable(spec.budget.maxUsdPerMillionTokens).map(UsdPerMillionTokens::of),
        Optional.ofNullable(spec.budget.maxUsdPerHour).map(UsdPerHour::of));
  }

  private static CostPolicy.BatchOptions batch(InferenceCostPolicySpec spec, Optional<Integer> current) {
    int running = current.orElse(ENGINE_DEFAULT_BATCH_CAP);
    if (spec.batch == null) {
      // No knob: the cap is whatever the workload runs with.
      return new CostPolicy.BatchOptions(List.of(running), running);
    }
    List<Integer> allowed = spec.batch.allowedValues.stream().distinct().sorted().toList();
    // Start from the running cap when allowed; otherwise the closest allowed value.
    int start = allowed.stream()
        .min((a, b) -> Integer.compare(Math.abs(a - running), Math.abs(b - running)))
        .orElseThrow();
    return new CostPolicy.BatchOptions(allowed, allowed.contains(running) ? running : start);
  }

  /** The allowed prefill chunks; none (the engine's setting, never moved) without the knob. */
  private static List<Integer> chunks(InferenceCostPolicySpec spec) {
    return spec.prefillChunk == null ? List.of() : spec.prefillChunk.allowedValues.stream().distinct().sorted().toList();
  }

  /** As for the cap: the running chunk when allowed, else the allowed value closest to it. */
  private static OptionalInt startChunk(InferenceCostPolicySpec spec, Optional<Integer> current) {
    List<Integer> allowed = chunks(spec);
    if (allowed.isEmpty()) {
      return OptionalInt.empty();
    }
    int running = current.orElse(ENGINE_DEFAULT_PREFILL_CHUNK);
    return OptionalInt.of(allowed.stream()
        .min((a, b) -> Integer.compare(Math.abs(a - running), Math.abs(b - running))).orElseThrow());
  }

  private static CostPolicy.SpotOptions spot(Capacity c) {
    SpotSpec s = c.spot;
    if (s == null || !Boolean.TRUE.equals(s.enabled)) {
      return CostPolicy.SpotOptions.disabled();
    }
    return new CostPolicy.SpotOptions(true, s.maxShare, s.minOnDemandReplicas == null ? 0 : s.minOnDemandReplicas,
        s.preemptionsPerHour, Durations.parse(s.recoveryTime),
        Optional.ofNullable(c.pricing == null ? null : c.pricing.spotUsdPerGpuHour).map(UsdPerHour::of));
  }

  private static CostPolicy.StabilityOptions stability(InferenceCostPolicySpec spec) {
    if (spec.stability == null) {
      return CostPolicy.StabilityOptions.defaults();
    }
    return new CostPolicy.StabilityOptions(Durations.parse(spec.stability.scaleDownWindow),
        Durations.parse(spec.stability.batchChangeMinInterval), spec.stability.batchChangeMinSaving);
  }

  private static Map<String, GpuPrice> prices(Capacity c) {
    if (c.pricing == null || c.pricing.onDemandUsdPerGpuHour == null) {
      return Map.of();
    }
    double onDemand = c.pricing.onDemandUsdPerGpuHour;
    Optional<GpuPrice> builtIn = new BuiltInPrices().price(c.gpuType);
    double spot = c.pricing.spotUsdPerGpuHour != null ? c.pricing.spotUsdPerGpuHour
        : builtIn.map(p -> p.spotPerGpu().value()).orElse(onDemand);
    return Map.of(c.gpuType, new GpuPrice(UsdPerHour.of(onDemand), UsdPerHour.of(spot), "policy spec.capacity.pricing"));
  }

  private static double millis(String duration) {
    Duration d = Durations.parse(duration);
    return d.toNanos() / 1_000_000.0;
  }
}
