package io.costslo.core.model;

import java.time.Duration;

/**
 * Performance of one serving replica (one pod, possibly several GPUs with tensor parallelism)
 * under continuous batching.
 *
 * <p>One engine step ("iteration") advances every running sequence by one token and may also
 * prefill newly admitted prompts. Its duration is modelled as linear:
 *
 * <pre>  t(batch, prefillTokens) = base + perSequence * batch + perPrefillToken * prefillTokens</pre>
 *
 * where {@code base} is the fixed cost of streaming the weights once per step (memory-bandwidth
 * bound), {@code perSequence} the extra cost per running sequence (KV reads, sampling), and
 * {@code perPrefillToken} the compute-bound cost of a prompt token. {@code kvCacheTokens} is how
 * many tokens of KV cache fit beside the weights; it caps how many sequences can run at once.
 *
 * <p>Constructible from plain numbers so a policy can carry its own measured profile; every number
 * is validated and the message names the field.
 *
 * @param name identifier, e.g. {@code llama-3-8b/h100}
 * @param gpuType GPU type the profile was measured on, as used for price lookup
 * @param gpusPerReplica GPUs one replica occupies (tensor-parallel degree)
 * @param baseMillis fixed step time in milliseconds
 * @param perSequenceMillis added step time per running sequence, milliseconds
 * @param perPrefillTokenMillis added step time per prompt token prefilled in the step, milliseconds
 * @param kvCacheTokens tokens of KV cache available per replica
 * @param source where the figures come from (file and rows, or "policy")
 */
public record ReplicaProfile(
    String name,
    String gpuType,
    int gpusPerReplica,
    double baseMillis,
    double perSequenceMillis,
    double perPrefillTokenMillis,
    long kvCacheTokens,
    String source) {

  public ReplicaProfile {
    requireText(name, "name");
    requireText(gpuType, "gpuType");
    if (gpusPerReplica < 1) {
      throw new IllegalArgumentException("gpusPerReplica must be >= 1, got " + gpusPerReplica);
    }
    if (!(baseMillis > 0) || Double.isInfinite(baseMillis)) {
      throw new IllegalArgumentException("baseMillis must be a positive finite number, got " + baseMillis);
    }
    requireNonNegativeFinite(perSequenceMillis, "perSequenceMillis");
    requireNonNegativeFinite(perPrefillTokenMillis, "perPrefillTokenMillis");
    if (kvCacheTokens < 1) {
      throw new IllegalArgumentException("kvCacheTokens must be >= 1, got " + kvCacheTokens);
    }
    source = source == null || source.isBlank() ? "policy" : source;
  }

  /** A profile given inline in a policy. */
  public static ReplicaProfile of(
      String name, String gpuType, int gpusPerReplica, double baseMillis, double perSequenceMillis,
      double perPrefillTokenMillis, long kvCacheTokens) {
    return new ReplicaProfile(name, gpuType, gpusPerReplica, baseMillis, perSequenceMillis,
        perPrefillTokenMillis, kvCacheTokens, "policy");
  }

  /** Step duration in milliseconds with {@code runningBatch} sequences and {@code prefillTokens} prompt tokens. */
  public double iterationMillis(double runningBatch, double prefillTokens) {
    return baseMillis + perSequenceMillis * runningBatch + perPrefillTokenMillis * prefillTokens;
  }

  /** Step duration as a Duration (nanosecond resolution). */
  public Duration iterationTime(double runningBatch, double prefillTokens) {
    return Duration.ofNanos(Math.round(iterationMillis(runningBatch, prefillTokens) * 1_000_000.0));
  }

  /**
   * How many sequences fit in the KV cache when each holds {@code tokensPerSequence} tokens. We
   * reserve the full prompt+output length so admitted sequences are never preempted for memory.
   */
  public int kvConcurrency(double tokensPerSequence) {
    if (tokensPerSequence <= 0) {
      return Integer.MAX_VALUE;
    }
    double fit = Math.floor(kvCacheTokens / tokensPerSequence);
    return fit >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) fit;
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }

  private static void requireNonNegativeFinite(double value, String field) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(field + " must be a non-negative finite number, got " + value);
    }
  }
}
