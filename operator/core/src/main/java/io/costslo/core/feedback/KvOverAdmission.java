package io.costslo.core.feedback;

import io.costslo.core.decision.StabilityGuard;
import io.costslo.core.metrics.Observation;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The closed loop's answer to a batch cap that lets the KV cache overfill: while the fleet holds more
 * requests per ready replica (running + waiting) than fit one replica's KV cache at the observed mean
 * lengths (the KV fit), a cap above {@link #LIMIT} x the fit is not planned where an allowed cap lies
 * between the fit and that multiple.
 *
 * <p>Why: the latency model runs min(cap, fit) sequences, so it predicts every cap at or above the fit
 * alike and never prefers the smaller one; the engine admits up to the cap while the next prompt chunk
 * fits, overfills the cache as sequences grow and recomputes what it preempts. vLLM's tuning guide
 * (docs.vllm.ai, configuration/optimization, "Preemption") advises lowering max-num-seqs when
 * preemptions are frequent. In the simulator (docs/benchmarks.md, replica throughput at saturation)
 * Mooncake lengths on 8B (fit 27) preempt 0.00 requests per request at cap 32 and 0.13 at cap 64, which
 * serves 17 % less; at 16x the trace's rate on 64 replicas that is the difference between a queue that
 * drains and one that never does. Only while requests outnumber the fit does a cap above it admit more
 * than fits, so a lightly loaded fleet keeps its cap (on 70B a change 64 -> 32 that restrained nothing
 * cost a rolling restart, 7 % of the hour's bill); and where even the smallest cap is far above the fit
 * (70B: fit 8-13, smallest cap 32, which serves within 2 % of 64) lowering it restrains nothing.
 */
final class KvOverAdmission {
  /** How far above the KV fit a cap may be planned where one within it is allowed. */
  static final double LIMIT = 2.0;

  private KvOverAdmission() {}

  /** {@code b} without the over-admitting caps, or empty when the cap that ran is not one. */
  static Optional<CostPolicy.BatchOptions> restrained(CostPolicy policy, CostPolicy.BatchOptions b,
      Observation observed, Plan current, Optional<Instant> batchChangedAt, Instant now) {
    if (observed.readyPods() < 1) {
      return Optional.empty();
    }
    int fit = LatencyModel.kvFit(policy.capacity().profile(), observed.load());
    double limit = LIMIT * fit;
    double perReplica = (observed.runningRequests() + observed.waitingRequests()) / observed.readyPods();
    if (current.batchCap() <= limit || !(perReplica > fit)) {
      return Optional.empty();
    }
    List<Integer> allowed = b.allowedCaps();
    if (allowed.stream().noneMatch(c -> c >= fit && c <= limit)
        || !StabilityGuard.batchChangeIntervalPassed(policy.stability(), batchChangedAt, now)) {
      return Optional.empty();
    }
    List<Integer> kept = allowed.stream().filter(c -> c <= limit).toList();
    int start = kept.get(kept.size() - 1);
    return Optional.of(new CostPolicy.BatchOptions(kept, start, b.allowedChunks(), b.defaultChunk()));
  }
}
