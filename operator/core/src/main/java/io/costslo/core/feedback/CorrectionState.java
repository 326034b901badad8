package io.costslo.core.feedback;

/**
 * What the latency correction remembers between cycles; a plain record so a status- or
 * ConfigMap-backed store can save it field by field.
 *
 * @param ttftFactor observed / predicted TTFT at the percentile, learnt so far (1 = model trusted)
 * @param itlFactor observed / predicted ITL at the percentile, learnt so far
 * @param samples cycles that taught the factors since the last workload change
 * @param referenceRate request rate the factors were learnt at (smoothed), req/s
 * @param referencePromptTokens mean prompt length they were learnt at (smoothed)
 * @param capacityFactor observed / modelled request throughput of one replica at capacity (1 = model trusted)
 * @param tailFactor observed / modelled share missing the objectives, where attainment is measured
 *     ({@link TailCorrection}; 1 = model trusted)
 * @param irreducibleFactor observed persistent miss share / {@link IrreducibleShare#prior}, learnt on
 *     lightly loaded windows (1 = prior trusted)
 * @param irreducibleSamples lightly loaded windows that taught it (0: the prior's tail, unconfirmed)
 * @param tailSamples settled windows that taught the tail factor. Unlike {@code samples} it is not reset
 *     when the request rate moves: the miss-share ratio carries over between fleet sizes and rates (see
 *     {@link TailCorrection}), and on bursty traffic the rate moves by more than the shift ratio every few
 *     minutes, so a count reset with it never reaches the windows a loosening ratio waits for
 */
public record CorrectionState(
    double ttftFactor, double itlFactor, int samples, double referenceRate, double referencePromptTokens,
    double capacityFactor, double tailFactor, double irreducibleFactor, int irreducibleSamples, int tailSamples) {

  public CorrectionState {
    if (!(ttftFactor > 0) || !(itlFactor > 0) || Double.isInfinite(ttftFactor) || Double.isInfinite(itlFactor)) {
      throw new IllegalArgumentException("correction factors must be finite and positive, got ttft=" + ttftFactor
          + " itl=" + itlFactor);
    }
    if (samples < 0 || !(referenceRate >= 0) || !(referencePromptTokens >= 0)) {
      throw new IllegalArgumentException("correction samples and references must be non-negative");
    }
    if (!(capacityFactor > 0) || Double.isInfinite(capacityFactor)) {
      throw new IllegalArgumentException("capacity factor must be finite and positive, got " + capacityFactor);
    }
    if (!(tailFactor > 0) || Double.isInfinite(tailFactor)) {
      throw new IllegalArgumentException("tail factor must be finite and positive, got " + tailFactor);
    }
    if (!(irreducibleFactor > 0) || Double.isInfinite(irreducibleFactor)) {
      throw new IllegalArgumentException("irreducible factor must be finite and positive, got " + irreducibleFactor);
    }
    if (irreducibleSamples < 0 || tailSamples < 0) {
      throw new IllegalArgumentException("irreducible and tail samples must be >= 0, got " + irreducibleSamples
          + " and " + tailSamples);
    }
  }

  /** Without a count of the windows that taught the tail factor (a store that does not keep it: a loosening one waits again). */
  public CorrectionState(double ttftFactor, double itlFactor, int samples, double referenceRate,
      double referencePromptTokens, double capacityFactor, double tailFactor, double irreducibleFactor,
      int irreducibleSamples) {
    this(ttftFactor, itlFactor, samples, referenceRate, referencePromptTokens, capacityFactor, tailFactor,
        irreducibleFactor, irreducibleSamples, 0);
  }

  /** Without a learnt irreducible factor (a store that does not keep it: it is relearnt). */
  public CorrectionState(double ttftFactor, double itlFactor, int samples, double referenceRate,
      double referencePromptTokens, double capacityFactor, double tailFactor) {
    this(ttftFactor, itlFactor, samples, referenceRate, referencePromptTokens, capacityFactor, tailFactor, 1.0, 0);
  }

  /** Without a tail factor (sources that measure no attainment). */
  public CorrectionState(double ttftFactor, double itlFactor, int samples, double referenceRate,
      double referencePromptTokens, double capacityFactor) {
    this(ttftFactor, itlFactor, samples, referenceRate, referencePromptTokens, capacityFactor, 1.0);
  }

  /** Latency factors only; capacity as modelled. */
  public CorrectionState(double ttftFactor, double itlFactor, int samples, double referenceRate,
      double referencePromptTokens) {
    this(ttftFactor, itlFactor, samples, referenceRate, referencePromptTokens, 1.0, 1.0);
  }

  /** No correction learnt yet: the model is taken as it is. */
  public static CorrectionState initial() {
    return new CorrectionState(1.0, 1.0, 0, 0.0, 0.0, 1.0, 1.0, 1.0, 0, 0);
  }

  public CorrectionState withCapacityFactor(double factor) {
    return new CorrectionState(ttftFactor, itlFactor, samples, referenceRate, referencePromptTokens, factor,
        tailFactor, irreducibleFactor, irreducibleSamples, tailSamples);
  }

  public CorrectionState withTailFactor(double factor) {
    return new CorrectionState(ttftFactor, itlFactor, samples, referenceRate, referencePromptTokens, capacityFactor,
        factor, irreducibleFactor, irreducibleSamples, tailSamples);
  }

  /** The tail factor after one more settled window taught it. */
  public CorrectionState withTailLearnt(double factor) {
    return new CorrectionState(ttftFactor, itlFactor, samples, referenceRate, referencePromptTokens, capacityFactor,
        factor, irreducibleFactor, irreducibleSamples, Math.min(tailSamples + 1, 1_000_000));
  }

  public CorrectionState withIrreducible(double factor, int windows) {
    return new CorrectionState(ttftFactor, itlFactor, samples, referenceRate, referencePromptTokens, capacityFactor,
        tailFactor, factor, windows, tailSamples);
  }
}
