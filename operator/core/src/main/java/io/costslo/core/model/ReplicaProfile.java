package io.costslo.core.model;

import java.time.Duration;

/**
 * Performance of one serving replica (one pod, possibly several GPUs with tensor parallelism)
 * under continuous batching.
 *
 * <p>One engine step ("iteration") advances every decoding sequence by one token and may also
 * prefill (chunks of) prompts. Its duration is
 *
 * <pre>  t = dense + perSequence * sequences + perContextToken * decodeContext
 *        + perPrefillToken * prefillTokens + perPrefillPair * prefillPairs
 *  dense = hypot(base, perDenseToken * (prefillTokens + sequences))</pre>
 *
 * where {@code dense} is the time of the step's dense layers (projections and MLP) over every token
 * in it: {@code base} while streaming the weights once bounds it (a decode step, memory-bandwidth
 * bound), {@code perDenseToken} per token once it is compute bound (a long prefill chunk), with a
 * smooth knee between the two (a roofline; the 2-norm follows Vidur's measured Llama-3-8B A100 dense
 * profile with 5% rms error from 1 to 8192 tokens, see {@link BuiltInProfiles}). The weight stream overlaps
 * the compute, so a 512-token chunk does not pay {@code base} on top of its compute. With
 * {@code perDenseToken = 0} (the older additive model) {@code dense = base}. {@code perSequence} is
 * the extra cost per sequence in the step (sampling, launch),
 * {@code perContextToken} the cost of reading one token of KV cache in decode attention
 * ({@code decodeContext} = tokens already in the KV cache of the decoding sequences),
 * {@code perPrefillToken} the cost of a prompt token outside the dense layers when {@code perDenseToken}
 * is set (rope, KV writes, the linear part of attention), else its whole compute-bound cost, and
 * {@code perPrefillPair} the cost of one (query, key) pair of prefill attention: a chunk of c tokens
 * starting at position d has {@code c*d + c*(c+1)/2} pairs (see {@link #prefillPairs}), so a whole
 * prompt of P tokens costs quadratically in P. {@code kvCacheTokens} is how many tokens of KV cache
 * fit beside the weights.
 *
 * <p>Optionally a step of at most {@code smallStepMaxTokens} tokens charges its prompt tokens
 * {@code smallStepPerPrefillTokenMillis} each instead of {@code perPrefillTokenMillis}. A step's tokens
 * are counted as vLLM's per-step token budget ({@code max-num-batched-tokens}) and the simulator's
 * chunked scheduler count them: the prompt tokens prefilled plus one per decoding sequence (a prefilling
 * sequence adds only its chunk). Vidur keys its KV-cache-save predictor the same way (the sum of the
 * batch's {@code num_tokens}, one per decode), and that predictor charges small steps far less per token
 * than large ones; see {@link BuiltInProfiles}. {@code smallStepMaxTokens = 0} (every profile but
 * Vidur's A100 one) turns this off and {@code smallStepPerPrefillTokenMillis} must then be 0.
 *
 * <p>The two context terms may be 0 (a profile from the older linear model, or a policy's inline
 * profile that gives only the three linear terms); {@link #iterationMillis(double, double)} is the
 * context-free special case.
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
 * @param perContextTokenMillis added step time per KV-cache token read by decode attention, milliseconds
 * @param perPrefillPairMillis added step time per (query, key) pair of prefill attention, milliseconds
 * @param perDenseTokenMillis compute-bound dense-layer time per token in the step, milliseconds (0: additive model)
 * @param smallStepMaxTokens steps of at most this many tokens (prompt tokens plus decoding sequences) use
 *     {@code smallStepPerPrefillTokenMillis}; 0: off
 * @param smallStepPerPrefillTokenMillis per-prefill-token time in such small steps, milliseconds (0 when off)
 */
public record ReplicaProfile(
    String name,
    String gpuType,
    int gpusPerReplica,
    double baseMillis,
    double perSequenceMillis,
    double perPrefillTokenMillis,
    long kvCacheTokens,
    String source,
    double perContextTokenMillis,
    double perPrefillPairMillis,
    double perDenseTokenMillis,
    long smallStepMaxTokens,
    double smallStepPerPrefillTokenMillis) {

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
    requireNonNegativeFinite(perContextTokenMillis, "perContextTokenMillis");
    requireNonNegativeFinite(perPrefillPairMillis, "perPrefillPairMillis");
    requireNonNegativeFinite(perDenseTokenMillis, "perDenseTokenMillis");
    if (smallStepMaxTokens < 0) {
      throw new IllegalArgumentException("smallStepMaxTokens must be >= 0 (0: off), got " + smallStepMaxTokens);
    }
    requireNonNegativeFinite(smallStepPerPrefillTokenMillis, "smallStepPerPrefillTokenMillis");
    if (smallStepMaxTokens == 0 && smallStepPerPrefillTokenMillis != 0) {
      throw new IllegalArgumentException("smallStepPerPrefillTokenMillis must be 0 when smallStepMaxTokens is 0 (off), got "
          + smallStepPerPrefillTokenMillis);
    }
    source = source == null || source.isBlank() ? "policy" : source;
  }

  /** A profile without the small-step prefill rate. */
  public ReplicaProfile(String name, String gpuType, int gpusPerReplica, double baseMillis, double perSequenceMillis,
      double perPrefillTokenMillis, long kvCacheTokens, String source, double perContextTokenMillis,
      double perPrefillPairMillis, double perDenseTokenMillis) {
    this(name, gpuType, gpusPerReplica, baseMillis, perSequenceMillis, perPrefillTokenMillis, kvCacheTokens, source,
        perContextTokenMillis, perPrefillPairMillis, perDenseTokenMillis, 0, 0.0);
  }

  /** A profile with the additive step model (no dense roofline). */
  public ReplicaProfile(String name, String gpuType, int gpusPerReplica, double baseMillis, double perSequenceMillis,
      double perPrefillTokenMillis, long kvCacheTokens, String source, double perContextTokenMillis,
      double perPrefillPairMillis) {
    this(name, gpuType, gpusPerReplica, baseMillis, perSequenceMillis, perPrefillTokenMillis, kvCacheTokens, source,
        perContextTokenMillis, perPrefillPairMillis, 0.0);
  }

  /** A profile without context terms (the linear model; policies' inline profiles). */
  public ReplicaProfile(String name, String gpuType, int gpusPerReplica, double baseMillis, double perSequenceMillis,
      double perPrefillTokenMillis, long kvCacheTokens, String source) {
    this(name, gpuType, gpusPerReplica, baseMillis, perSequenceMillis, perPrefillTokenMillis, kvCacheTokens, source,
        0.0, 0.0);
  }

  /** A profile given inline in a policy. */
  public static ReplicaProfile of(
      String name, String gpuType, int gpusPerReplica, double baseMillis, double perSequenceMillis,
      double perPrefillTokenMillis, long kvCacheTokens) {
    return new ReplicaProfile(name, gpuType, gpusPerReplica, baseMillis, perSequenceMillis,
        perPrefillTokenMillis, kvCacheTokens, "policy");
  }

  /** This profile with the given context terms (same name and source). */
  public ReplicaProfile withContextTerms(double perContextTokenMillis, double perPrefillPairMillis) {
    return new ReplicaProfile(name, gpuType, gpusPerReplica, baseMillis, perSequenceMillis, perPrefillTokenMillis,
        kvCacheTokens, source, perContextTokenMillis, perPrefillPairMillis, perDenseTokenMillis, smallStepMaxTokens,
        smallStepPerPrefillTokenMillis);
  }

  /** This profile with another KV-cache size (same coefficients, name and source). */
  public ReplicaProfile withKvCacheTokens(long tokens) {
    return new ReplicaProfile(name, gpuType, gpusPerReplica, baseMillis, perSequenceMillis, perPrefillTokenMillis,
        tokens, source, perContextTokenMillis, perPrefillPairMillis, perDenseTokenMillis, smallStepMaxTokens,
        smallStepPerPrefillTokenMillis);
  }

  /**
   * This profile with prompt tokens of steps of at most {@code maxTokens} tokens charged {@code perPrefillTokenMillis}
   * each ({@code maxTokens = 0}, rate 0: off).
   */
  public ReplicaProfile withSmallStepPrefill(long maxTokens, double perPrefillTokenMillis) {
    return new ReplicaProfile(name, gpuType, gpusPerReplica, baseMillis, perSequenceMillis, this.perPrefillTokenMillis,
        kvCacheTokens, source, perContextTokenMillis, perPrefillPairMillis, perDenseTokenMillis, maxTokens,
        perPrefillTokenMillis);
  }

  /**
   * Step duration in milliseconds with {@code runningBatch} sequences and {@code prefillTokens} prompt
   * tokens, ignoring context: the linear special case (exact when both context terms are 0).
   */
  public double iterationMillis(double runningBatch, double prefillTokens) {
    return baseMillis + perSequenceMillis * runningBatch + perPrefillTokenMillis * prefillTokens;
  }

  /**
   * Step duration in milliseconds of a step whose prompt tokens, if any, belong to one prefilling sequence
   * (the others decode): {@link #stepMillis(double, double, double, double, double)} with one chunk.
   *
   * @param sequences sequences in the step (decoding and prefilling)
   * @param decodeContextTokens KV-cache tokens the decoding sequences attend to, summed
   * @param prefillTokens prompt tokens computed in the step
   * @param prefillPairs (query, key) pairs of prefill attention in the step, see {@link #prefillPairs}
   */
  public double stepMillis(double sequences, double decodeContextTokens, double prefillTokens, double prefillPairs) {
    return stepMillis(sequences, decodeContextTokens, prefillTokens, prefillPairs, prefillTokens > 0 ? 1 : 0);
  }

  /**
   * Step duration in milliseconds.
   *
   * @param sequences sequences in the step (decoding and prefilling)
   * @param decodeContextTokens KV-cache tokens the decoding sequences attend to, summed
   * @param prefillTokens prompt tokens computed in the step
   * @param prefillPairs (query, key) pairs of prefill attention in the step, see {@link #prefillPairs}
   * @param prefillSequences how many of the {@code sequences} prefill in the step (its prompt chunks)
   */
  public double stepMillis(double sequences, double decodeContextTokens, double prefillTokens, double prefillPairs,
      double prefillSequences) {
    double stepTokens = prefillTokens + Math.max(0.0, sequences - prefillSequences);
    return denseMillis(prefillTokens + sequences) + perSequenceMillis * sequences + perContextTokenMillis * decodeContextTokens
        + prefillTokenMillisAt(stepTokens) * prefillTokens + perPrefillPairMillis * prefillPairs;
  }

  /**
   * Time per prompt token, outside the dense layers and attention pairs, in a step carrying {@code stepTokens}
   * tokens (prompt tokens plus decoding sequences), milliseconds.
   */
  public double prefillTokenMillisAt(double stepTokens) {
    return smallStepMaxTokens > 0 && stepTokens <= smallStepMaxTokens ? smallStepPerPrefillTokenMillis
        : perPrefillTokenMillis;
  }

  /**
   * Dense-layer time of a step carrying {@code tokens} tokens (a prefilling sequence counts one more
   * than its chunk, which is within one token per chunk): {@code base} in the additive model.
   */
  public double denseMillis(double tokens) {
    if (!(perDenseTokenMillis > 0)) {
      return baseMillis;
    }
    // sqrt(a^2 + b^2) rather than Math.hypot, which guards against overflow these millisecond figures never
    // reach and is several times slower (the simulator and the optimizer call it per step and per plan).
    double dense = perDenseTokenMillis * tokens;
    return Math.sqrt(baseMillis * baseMillis + dense * dense);
  }

  /** Attention pairs of prefilling {@code chunk} tokens after {@code done} tokens of the same prompt. */
  public static double prefillPairs(double done, double chunk) {
    return chunk * done + chunk * (chunk + 1) / 2.0;
  }

  /** Step time one decoding sequence adds at a context of {@code contextTokens}, milliseconds. */
  public double decodeMillisPerSequence(double contextTokens) {
    return perSequenceMillis + perContextTokenMillis * contextTokens;
  }

  /**
   * Mean step time per prompt token when a whole prompt of {@code promptTokens} is prefilled, milliseconds
   * (a long prompt is compute bound: the dense layers' per-token cost counts in full). It charges
   * {@code perPrefillTokenMillis}, the large-step rate, whatever {@code smallStepMaxTokens}: its callers
   * (the latency model's aggregate prefill work) do not know the steps' sizes, and for a profile with a
   * small-step rate this errs slow.
   */
  public double prefillMillisPerToken(double promptTokens) {
    return perPrefillTokenMillis + perDenseTokenMillis + (promptTokens > 0 ? perPrefillPairMillis * prefillPairs(0, promptTokens)
        / promptTokens : 0.0);
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
