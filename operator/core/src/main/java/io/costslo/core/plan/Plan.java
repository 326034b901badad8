package io.costslo.core.plan;

/**
 * The three knobs: on-demand replicas, spot replicas, and the batch cap (vLLM --max-num-seqs).
 */
public record Plan(int onDemandReplicas, int spotReplicas, int batchCap) {

  public Plan {
    if (onDemandReplicas < 0) {
      throw new IllegalArgumentException("onDemandReplicas must be >= 0, got " + onDemandReplicas);
    }
    if (spotReplicas < 0) {
      throw new IllegalArgumentException("spotReplicas must be >= 0, got " + spotReplicas);
    }
    if (batchCap < 1) {
      throw new IllegalArgumentException("batchCap must be >= 1, got " + batchCap);
    }
  }

  public int totalReplicas() {
    return onDemandReplicas + spotReplicas;
  }

  /** Fraction of replicas on spot; 0 for an empty plan. */
  public double spotShare() {
    int total = totalReplicas();
    return total == 0 ? 0.0 : (double) spotReplicas / total;
  }

  @Override
  public String toString() {
    return onDemandReplicas + " on-demand + " + spotReplicas + " spot @ batch " + batchCap;
  }
}
