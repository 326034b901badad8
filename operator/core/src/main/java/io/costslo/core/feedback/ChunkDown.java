package io.costslo.core.feedback;

import io.costslo.core.decision.StabilityGuard;
import io.costslo.core.load.Load;
import io.costslo.core.metrics.Observation;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.LatencyPrediction;
import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.CostPolicy.LatencyObjective;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The closed loop's answer to an observed ITL miss when the plan runs a prefill chunk: token gaps
 * stretched by steps carrying long prompt chunks shrink with the chunk at no extra replica, where a step
 * up buys a replica that only spreads the same stalls thinner. So when ITL (not TTFT) missed, a smaller
 * allowed chunk is predicted to meet the planned objectives at the replicas that ran, and a batch change
 * is allowed now (the policy's minimum interval since the last one has passed), the optimizer plans among
 * the smaller chunks only. The optimizer still weighs their TTFT and may add replicas for it.
 */
final class ChunkDown {
  private ChunkDown() {}

  /** The batch options narrowed to chunks below the one that ran, or empty when a chunk is not the fix. */
  static Optional<CostPolicy.BatchOptions> smallerChunks(CostPolicy policy, Observation observed, Plan current,
      Load load, LatencyObjective planned, Optional<Instant> batchChangedAt, Instant now) {
    if (current.prefillChunk().isEmpty() || !itlMissedAlone(observed, policy.objective())) {
      return Optional.empty();
    }
    if (!StabilityGuard.batchChangeIntervalPassed(policy.stability(), batchChangedAt, now)) {
      return Optional.empty();
    }
    int ran = current.prefillChunk().getAsInt();
    List<Integer> smaller = policy.batch().allowedChunks().stream()
        .filter(k -> k < ran && k >= current.batchCap()).toList();
    boolean fixes = false;
    for (int k : smaller) {
      LatencyPrediction p = LatencyModel.predict(policy.capacity().profile(), load, current.totalReplicas(),
          current.batchCap(), OptionalInt.of(k), planned.percentile());
      fixes |= FrontierOptimizer.sloRatio(policy.capacity().profile(), OptionalInt.of(k), planned, p) <= 1.0;
    }
    if (!fixes) {
      return Optional.empty();
    }
    return Optional.of(policy.batch().withChunks(smaller, OptionalInt.of(smaller.get(smaller.size() - 1))));
  }

  /** The window's ITL percentile is over its objective while its TTFT percentile is within its own. */
  static boolean itlMissedAlone(Observation o, LatencyObjective objective) {
    boolean itl = o.itl().map(t -> t.compareTo(objective.itl()) > 0).orElse(false);
    boolean ttft = o.ttft().map(t -> t.compareTo(objective.ttft()) > 0).orElse(false);
    return itl && !ttft;
  }
}
