package io.costslo.core.plan;

import java.util.OptionalInt;

/**
 * The knobs: on-demand replicas, spot replicas, the batch cap (vLLM --max-num-seqs) and the prefill
 * chunk (vLLM --max-num-batched-tokens: tokens one engine step may compute, decode tokens included).
 * An empty chunk is the engine's default, which the latency model takes as whole prompts per step.
 */
public record Plan(int onDemandReplicas, int spotReplicas, int batchCap, OptionalInt prefillChunk) {

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
    prefillChunk = prefillChunk == null ? OptionalInt.empty() : prefillChunk;
    if (prefillChunk.isPresent() && prefillChunk.getAsInt() < 1) {
      throw new IllegalArgumentException("prefillChunk must be >= 1, got " + prefillChunk.getAsInt());
    }
  }

  /** A plan at the engine's default prefill chunk. */
  public Plan(int onDemandReplicas, int spotReplicas, int batchCap) {
    this(onDemandReplicas, spotReplicas, batchCap, OptionalInt.empty());
  }

  /** Other replica counts at this plan's batch settings (cap and chunk). */
  public Plan withReplicas(int onDemand, int spot) {
    return new Plan(onDemand, spot, batchCap, prefillChunk);
  }

  /** Whether the batch settings (cap or chunk, each a pod restart) differ from another plan's. */
  public boolean batchDiffers(Plan other) {
    return batchCap != other.batchCap || !prefillChunk.equals(other.prefillChunk);
  }

  public int totalReplicas() {
    return onDemandReplicas + spotReplicas;
  }

  /** Fraction of replicas on spot; 0 for an empty plan. */
  public double spotShare() {
    int total = totalReplicas();
    return total == 0 ? 0.0 : (double) spotReplicas / total;
  }

  /** "batch 64" or "batch 64, chunk 512": the batch settings as status and events say them. */
  public String batchText() {
    return "batch " + batchCap + (prefillChunk.isPresent() ? ", chunk " + prefillChunk.getAsInt() : "");
  }

  @Override
  public String toString() {
    return onDemandReplicas + " on-demand + " + spotReplicas + " spot @ " + batchText();
  }
}
