package io.costslo.core.calibration;

/**
 * Result of one calibration: the prior, each fit, and the blend the model should use.
 *
 * @param prior built-in profile coefficients
 * @param itl fit of ITL against running batch
 * @param ttft fit of TTFT against prefill load
 * @param blended per relation: dataWeight · fitted + (1 − dataWeight) · prior
 */
public record Calibration(IterationCoefficients prior, FitOutcome itl, FitOutcome ttft, IterationCoefficients blended) {

  /** Points behind the ITL fit (the one that moves batch decisions). */
  public int sampleCount() {
    return itl.sampleCount();
  }
}
