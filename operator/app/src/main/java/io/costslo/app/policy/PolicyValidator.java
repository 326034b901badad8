package io.costslo.app.policy;

import io.costslo.api.v1alpha1.BatchKnob;
import io.costslo.api.v1alpha1.PrefillChunkKnob;
import io.costslo.api.v1alpha1.Budget;
import io.costslo.api.v1alpha1.Capacity;
import io.costslo.core.units.Durations;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.InferenceCostPolicySpec;
import io.costslo.api.v1alpha1.Limits;
import io.costslo.api.v1alpha1.PolicyReader;
import io.costslo.api.v1alpha1.MetricsSpec;
import io.costslo.api.v1alpha1.Mode;
import io.costslo.api.v1alpha1.Objectives;
import io.costslo.api.v1alpha1.Priority;
import io.costslo.api.v1alpha1.ProfileSpec;
import io.costslo.api.v1alpha1.ReplicaBounds;
import io.costslo.api.v1alpha1.SafeText;
import io.costslo.api.v1alpha1.SpotSpec;
import io.costslo.api.v1alpha1.Stability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CRD schema's rules (required fields, minimums, enums, CEL) checked again in the reconciler:
 * an API server that enforces none of them (or an old CRD) must not let bad input scale anything.
 * Every message names the field and the fix.
 */
public final class PolicyValidator {
  private final Set<String> knownGpuTypes;

  /** @param knownGpuTypes GPU types with a built-in price and profile, by canonical name */
  public PolicyValidator(Set<String> knownGpuTypes) {
    this.knownGpuTypes = new TreeSet<>(knownGpuTypes);
  }

  /**
   * The policy as stored: what its spec holds, and first any value that could not even be read
   * (see {@link PolicyReader}), named by field.
   */
  public List<Violation> validate(InferenceCostPolicy policy) {
    List<Violation> unreadable = PolicyReader.problems(policy).stream()
        .filter(p -> !p.ignored() && p.field().startsWith("spec"))
        .map(p -> new Violation(p.field(), p.problem()))
        .toList();
    if (!unreadable.isEmpty() && policy.getSpec() == null) {
      return unreadable;
    }
    List<Violation> out = new ArrayList<>(unreadable);
    out.addAll(validate(policy.getSpec()));
    return out;
  }

  public List<Violation> validate(InferenceCostPolicySpec spec) {
    List<Violation> out = new ArrayList<>();
    if (spec == null) {
      out.add(new Violation("spec", "missing; a policy needs targetRef, objectives, replicas and capacity"));
      return out;
    }
    if (spec.targetRef == null || blank(spec.targetRef.name)) {
      out.add(new Violation("spec.targetRef.name", "missing; set it to the name of the Deployment to control"));
    } else {
      maxLength(out, "spec.targetRef.name", spec.targetRef.name, Limits.MAX_NAME);
      if (!"Deployment".equals(spec.targetRef.kind)) {
        out.add(new Violation("spec.targetRef.kind", SafeText.value(spec.targetRef.kind) + " is not supported; use Deployment"));
      }
    }
    oneOf(out, "spec.mode", spec.mode, names(Mode.values()));
    oneOf(out, "spec.priority", spec.priority, names(Priority.values()));
    objectives(out, spec.objectives);
    budget(out, spec.budget);
    replicas(out, spec.replicas);
    batch(out, spec.batch);
    prefillChunk(out, spec.prefillChunk, spec.batch);
    capacity(out, spec.capacity);
    metrics(out, spec.metrics, spec.replicas);
    stability(out, spec.stability);
    Duration interval = duration(out, "spec.reconcileInterval", spec.reconcileInterval, true);
    if (interval != null && interval.compareTo(Duration.ofSeconds(1)) < 0) {
      out.add(new Violation("spec.reconcileInterval", "must be at least 1s, e.g. 30s"));
    }
    return out;
  }

  private void objectives(List<Violation> out, Objectives o) {
    if (o == null) {
      out.add(new Violation("spec.objectives", "missing; set objectives.ttft and objectives.itl, e.g. 2s and 100ms"));
      return;
    }
    positiveDuration(out, "spec.objectives.ttft", o.ttft, "2s");
    positiveDuration(out, "spec.objectives.itl", o.itl, "100ms");
    if (o.percentile == null || o.percentile.isNaN() || o.percentile < 50 || o.percentile > 99.9) {
      out.add(new Violation("spec.objectives.percentile", "must be between 50 and 99.9, e.g. 99 for p99; got " + o.percentile));
    }
    if (o.attainment == null || o.attainment.isNaN() || o.attainment < 0.5 || o.attainment > 1) {
      out.add(new Violation("spec.objectives.attainment", "must be a fraction between 0.5 and 1, e.g. 0.99; got " + o.attainment));
    }
  }

  private static void budget(List<Violation> out, Budget b) {
    if (b == null) {
      return;
    }
    range(out, "spec.budget.maxUsdPerMillionTokens", b.maxUsdPerMillionTokens, Limits.MAX_USD_PER_MILLION_TOKENS);
    range(out, "spec.budget.maxUsdPerHour", b.maxUsdPerHour, Limits.MAX_USD_PER_HOUR);
  }

  private static void replicas(List<Violation> out, ReplicaBounds r) {
    if (r == null || r.min == null || r.max == null) {
      out.add(new Violation("spec.replicas", "missing min or max; set e.g. replicas: {min: 1, max: 8}"));
      return;
    }
    if (r.min < 0 || r.min > Limits.MAX_REPLICAS) {
      out.add(new Violation("spec.replicas.min", "must be between 0 and " + Limits.MAX_REPLICAS + "; got " + r.min));
    }
    if (r.max < 1 || r.max > Limits.MAX_REPLICAS) {
      out.add(new Violation("spec.replicas.max", "must be between 1 and " + Limits.MAX_REPLICAS + "; got " + r.max));
    }
    if (r.min > r.max) {
      out.add(new Violation("spec.replicas.min",
          "(" + r.min + ") is greater than spec.replicas.max (" + r.max + "); lower min or raise max"));
    }
  }

  private static void batch(List<Violation> out, BatchKnob b) {
    if (b == null) {
      return;
    }
    if (b.allowedValues == null || b.allowedValues.isEmpty()) {
      out.add(new Violation("spec.batch.allowedValues", "empty; list the batch caps to choose from, e.g. [32, 64, 128]"));
    } else if (b.allowedValues.size() > Limits.MAX_BATCH_VALUES) {
      out.add(new Violation("spec.batch.allowedValues", "lists " + b.allowedValues.size() + " values; at most "
          + Limits.MAX_BATCH_VALUES + " are allowed"));
    } else if (b.allowedValues.stream().anyMatch(v -> v == null || v < 1 || v > Limits.MAX_BATCH_CAP)) {
      out.add(new Violation("spec.batch.allowedValues", "every value must be between 1 and " + Limits.MAX_BATCH_CAP
          + "; got " + b.allowedValues));
    }
    maxLength(out, "spec.batch.container", b.container, Limits.MAX_LABEL);
    maxLength(out, "spec.batch.argument", b.argument, Limits.MAX_WORD);
    maxLength(out, "spec.batch.env", b.env, Limits.MAX_WORD);
    if (blank(b.argument) == blank(b.env)) {
      out.add(new Violation("spec.batch", "set exactly one of argument (e.g. --max-num-seqs) or env"));
    }
  }

  private static void prefillChunk(List<Violation> out, PrefillChunkKnob k, BatchKnob batch) {
    if (k == null) {
      return;
    }
    String field = "spec.prefillChunk.allowedValues";
    if (k.allowedValues == null || k.allowedValues.isEmpty()) {
      out.add(new Violation(field, "empty; list the prefill chunks in tokens per step to choose from, e.g. [512, 2048, 8192]"));
    } else if (k.allowedValues.size() > Limits.MAX_BATCH_VALUES) {
      out.add(new Violation(field, "lists " + k.allowedValues.size() + " values; at most " + Limits.MAX_BATCH_VALUES
          + " are allowed"));
    } else if (k.allowedValues.stream().anyMatch(v -> v == null || v < 1 || v > Limits.MAX_PREFILL_CHUNK)) {
      out.add(new Violation(field, "every value must be between 1 and " + Limits.MAX_PREFILL_CHUNK + "; got "
          + SafeText.value(k.allowedValues)));
    } else if (batch != null && batch.allowedValues != null && !batch.allowedValues.isEmpty()
        && batch.allowedValues.stream().allMatch(java.util.Objects::nonNull)) {
      int smallestCap = batch.allowedValues.stream().mapToInt(Integer::intValue).min().orElse(1);
      if (k.allowedValues.stream().mapToInt(Integer::intValue).max().orElse(0) < smallestCap) {
        out.add(new Violation(field, "needs a value at least the smallest batch cap (" + smallestCap
            + "): vLLM requires max-num-batched-tokens >= max-num-seqs"));
      }
    }
    maxLength(out, "spec.prefillChunk.container", k.container, Limits.MAX_LABEL);
    maxLength(out, "spec.prefillChunk.argument", k.argument, Limits.MAX_WORD);
    maxLength(out, "spec.prefillChunk.env", k.env, Limits.MAX_WORD);
    if (blank(k.argument) == blank(k.env)) {
      out.add(new Violation("spec.prefillChunk", "set exactly one of argument (e.g. --max-num-batched-tokens) or env"));
    }
  }

  /** As the README and examples spell them, so the error and the docs agree. */
  private List<String> documentedGpuTypes() {
    return knownGpuTypes.stream().map(io.costslo.core.cost.GpuTypes::documented).sorted().toList();
  }

  private void capacity(List<Violation> out, Capacity c) {
    if (c == null) {
      out.add(new Violation("spec.capacity", "missing; set capacity.gpuType, e.g. H100-80GB"));
      return;
    }
    boolean custom = c.profile != null && c.pricing != null
        && c.pricing.onDemandUsdPerGpuHour != null;
    if (blank(c.gpuType)) {
      out.add(new Violation("spec.capacity.gpuType", "missing; use one of " + documentedGpuTypes()));
    } else if (c.gpuType.length() > Limits.MAX_LABEL) {
      maxLength(out, "spec.capacity.gpuType", c.gpuType, Limits.MAX_LABEL);
    } else if (!knownGpuTypes.contains(io.costslo.core.cost.GpuTypes.canonical(c.gpuType)) && !custom) {
      out.add(new Violation("spec.capacity.gpuType", "unknown GPU type " + SafeText.value(c.gpuType) + "; use one of "
          + documentedGpuTypes() + ", or give capacity.profile and capacity.pricing.onDemandUsdPerGpuHour"));
    }
    if (c.gpusPerReplica == null || c.gpusPerReplica < 1 || c.gpusPerReplica > Limits.MAX_GPUS_PER_REPLICA) {
      out.add(new Violation("spec.capacity.gpusPerReplica", "must be between 1 and " + Limits.MAX_GPUS_PER_REPLICA
          + "; got " + c.gpusPerReplica));
    }
    maxLength(out, "spec.capacity.model", c.model, Limits.MAX_WORD);
    if (c.pricing != null) {
      range(out, "spec.capacity.pricing.onDemandUsdPerGpuHour", c.pricing.onDemandUsdPerGpuHour, Limits.MAX_USD_PER_GPU_HOUR);
      range(out, "spec.capacity.pricing.spotUsdPerGpuHour", c.pricing.spotUsdPerGpuHour, Limits.MAX_USD_PER_GPU_HOUR);
    }
    profile(out, c.profile);
    spot(out, c.spot);
  }

  private static void profile(List<Violation> out, ProfileSpec p) {
    if (p == null) {
      return;
    }
    positiveDuration(out, "spec.capacity.profile.baseIterationTime", p.baseIterationTime, "6ms");
    duration(out, "spec.capacity.profile.perSequenceTime", p.perSequenceTime, true);
    duration(out, "spec.capacity.profile.perPrefillTokenTime", p.perPrefillTokenTime, true);
    if (p.kvCacheTokens == null || p.kvCacheTokens < 1 || p.kvCacheTokens > Limits.MAX_KV_CACHE_TOKENS) {
      out.add(new Violation("spec.capacity.profile.kvCacheTokens", "must be between 1 and "
          + Limits.MAX_KV_CACHE_TOKENS + "; got " + p.kvCacheTokens));
    }
  }

  private static void spot(List<Violation> out, SpotSpec s) {
    if (s == null) {
      return;
    }
    if (s.maxShare == null || s.maxShare.isNaN() || s.maxShare < 0 || s.maxShare > 1) {
      out.add(new Violation("spec.capacity.spot.maxShare", "must be a fraction between 0 and 1; got " + s.maxShare));
    }
    if (s.minOnDemandReplicas != null && (s.minOnDemandReplicas < 0 || s.minOnDemandReplicas > Limits.MAX_REPLICAS)) {
      out.add(new Violation("spec.capacity.spot.minOnDemandReplicas", "must be between 0 and " + Limits.MAX_REPLICAS
          + "; got " + s.minOnDemandReplicas));
    }
    range(out, "spec.capacity.spot.preemptionsPerHour", s.preemptionsPerHour, Limits.MAX_PREEMPTIONS_PER_HOUR);
    PlacementRules.check(out, s);
    duration(out, "spec.capacity.spot.recoveryTime", s.recoveryTime, true);
    oneOf(out, "spec.capacity.spot.preset", s.preset, names(SpotSpec.SpotPreset.values()));
    // Zero would count every starting spot pod as stuck, or trust spot again the moment it is lost.
    for (String[] f : new String[][] {{"pendingTimeout", s.pendingTimeout}, {"healthyPeriod", s.healthyPeriod}}) {
      Duration d = duration(out, "spec.capacity.spot." + f[0], f[1], true);
      if (d != null && d.isZero()) {
        out.add(new Violation("spec.capacity.spot." + f[0], "must be longer than 0, e.g. 5m"));
      }
    }
    if (Boolean.TRUE.equals(s.enabled) && SpotSpec.SpotPreset.Custom.name().equals(s.preset)
        && (s.nodeSelector == null || s.nodeSelector.isEmpty())) {
      out.add(new Violation("spec.capacity.spot.nodeSelector",
          "preset Custom needs the node labels of your spot nodes, e.g. {node-pool: spot}"));
    }
  }

  private static void metrics(List<Violation> out, MetricsSpec m, ReplicaBounds bounds) {
    if (m == null) {
      return;
    }
    oneOf(out, "spec.metrics.source", m.source, names(MetricsSpec.SourceType.values()));
    oneOf(out, "spec.metrics.engine", m.engine, names(MetricsSpec.Engine.values()));
    if (m.port == null || m.port < 1 || m.port > Limits.MAX_PORT) {
      out.add(new Violation("spec.metrics.port", "must be a port between 1 and 65535; got " + m.port));
    }
    if ("Prometheus".equals(m.source) && (m.prometheus == null || blank(m.prometheus.url))) {
      out.add(new Violation("spec.metrics.prometheus.url", "missing; source Prometheus needs a URL such as http://prometheus.monitoring:9090"));
    }
    if (m.prometheus != null) {
      MetricsAddressRules.prometheus(out, m.prometheus);
      positiveDuration(out, "spec.metrics.prometheus.timeout", m.prometheus.timeout, "10s");
    }
    MetricsAddressRules.path(out, m.path);
    MetricsAddressRules.queries(out, m.queries);
    positiveDuration(out, "spec.metrics.window", m.window, "2m");
    positiveDuration(out, "spec.metrics.maxAge", m.maxAge, "5m");
    if (m.fallbackReplicas != null) {
      if (m.fallbackReplicas < 0 || m.fallbackReplicas > Limits.MAX_REPLICAS) {
        out.add(new Violation("spec.metrics.fallbackReplicas", "must be between 0 and " + Limits.MAX_REPLICAS
            + "; got " + m.fallbackReplicas));
      } else if (bounds != null && bounds.max != null && m.fallbackReplicas > bounds.max) {
        out.add(new Violation("spec.metrics.fallbackReplicas",
            "(" + m.fallbackReplicas + ") is above spec.replicas.max (" + bounds.max + "); lower it"));
      }
    }
  }

  private static void stability(List<Violation> out, Stability s) {
    if (s == null) {
      return;
    }
    duration(out, "spec.stability.scaleDownWindow", s.scaleDownWindow, true);
    duration(out, "spec.stability.batchChangeMinInterval", s.batchChangeMinInterval, true);
    if (s.batchChangeMinSaving == null || s.batchChangeMinSaving.isNaN()
        || s.batchChangeMinSaving < 0 || s.batchChangeMinSaving > 1) {
      out.add(new Violation("spec.stability.batchChangeMinSaving", "must be a fraction between 0 and 1; got " + s.batchChangeMinSaving));
    }
  }

  private static void positiveDuration(List<Violation> out, String field, String text, String example) {
    Duration d = duration(out, field, text, true);
    if (d != null && (d.isZero() || d.isNegative())) {
      out.add(new Violation(field, "must be longer than zero, e.g. " + example));
    }
  }

  private static Duration duration(List<Violation> out, String field, String text, boolean required) {
    if (text == null) {
      if (required) {
        out.add(new Violation(field, "missing; write a duration such as 500ms, 2s or 1m30s"));
      }
      return null;
    }
    if (text.length() > Limits.MAX_DURATION_TEXT) {
      maxLength(out, field, text, Limits.MAX_DURATION_TEXT);
      return null;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      out.add(new Violation(field, SafeText.message(e.getMessage())));
      return null;
    }
  }

  /** Finite, between 0 and max (a price of 1e308 or Infinity would overflow every cost after it). */
  private static void range(List<Violation> out, String field, Double value, double max) {
    if (value != null && !(value >= 0 && value <= max)) {
      out.add(new Violation(field, "must be between 0 and " + max + "; got " + value));
    }
  }

  /** Says how long the text is, never echoes it. */
  static void maxLength(List<Violation> out, String field, String text, int max) {
    if (text != null && text.length() > max) {
      out.add(new Violation(field, "is " + text.length() + " characters long; at most " + max + " are allowed"));
    }
  }

  private static void oneOf(List<Violation> out, String field, String value, List<String> allowed) {
    if (value == null || !allowed.contains(value)) {
      out.add(new Violation(field, SafeText.value(value) + " is not one of " + allowed + "; use one of those"));
    }
  }

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
