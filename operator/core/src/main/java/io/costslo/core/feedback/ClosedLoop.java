package io.costslo.core.feedback;

import io.costslo.core.cost.CostModel;
import io.costslo.core.metrics.Observation;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.LatencyPrediction;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import java.time.Instant;

/**
 * The closed loop as the cycle's collaborator: loads the policy's state, predicts the plan that ran
 * at the observed load, adjusts, and saves. One call per cycle with metrics.
 */
public final class ClosedLoop {
  private final ClosedLoopAdjustment adjustment;
  private final FeedbackStore store;

  public ClosedLoop(ClosedLoopAdjustment adjustment, FeedbackStore store) {
    this.adjustment = adjustment;
    this.store = store;
  }

  /** Default options, state in memory (tests, the simulator). */
  public static ClosedLoop inMemory() {
    return new ClosedLoop(new ClosedLoopAdjustment(ClosedLoopAdjustment.Options.defaults()),
        new InMemoryFeedbackStore());
  }

  public FeedbackStore store() {
    return store;
  }

  public Adjustment apply(String policyKey, CostPolicy policy, Observation observed, Plan current, CostModel costs,
      Instant now) {
    return apply(policyKey, policy, observed, current, costs, now, java.util.Optional.empty());
  }

  /** As above, knowing when the batch settings last changed (the stability state's record of it). */
  public Adjustment apply(String policyKey, CostPolicy policy, Observation observed, Plan current, CostModel costs,
      Instant now, java.util.Optional<Instant> batchChangedAt) {
    FeedbackState state = store.load(policyKey);
    LatencyPrediction atCurrent = LatencyModel.predict(policy.capacity().profile(),
        ClosedLoopAdjustment.modelLoad(observed, state), current.totalReplicas(), current.batchCap(),
        current.prefillChunk(), policy.objective().percentile());
    Adjustment a = adjustment.adjust(policy, observed, current, atCurrent, costs, state, now, batchChangedAt);
    store.save(policyKey, a);
    return a;
  }
}
