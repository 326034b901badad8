package io.costslo.core.feedback;

import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;

/**
 * The irreducible share of one window, as {@link ClosedLoopAdjustment} splits it off ({@link IrreducibleShare}).
 *
 * @param observed the estimate in observed terms: prior x learnt factor; 0 when the observed prompt
 *     tail holds no prompt beyond the reachable length
 * @param factor the learnt factor after this window
 * @param windows lightly loaded windows that taught it
 * @param reachablePromptTokens longest prompt an idle replica serves within the TTFT objective (NaN: none beyond it)
 * @param plannedPromptTokens the p99 prompt the model plans with: the tail is cut where an idle replica
 *     needs half the objective (NaN: not cut). A reducible prompt must still wait for a slot and behind
 *     other prompts; planning its tail at the reachable length itself would leave no wait and no plan
 *     would meet, which is the runaway the split exists to stop.
 * @param unmodelled where every prompt up to the p99 is reachable: the prior share of prompts beyond the
 *     reachable length. They miss TTFT at any fleet size, and the model, whose prompt lengths stop at the
 *     p99, does not count them, so the tail ratio is learnt against the model's share with them
 *     ({@link TailCorrection#modelMissShare(io.costslo.core.model.ReplicaProfile, Load, int, int,
 *     java.util.OptionalInt, io.costslo.core.policy.CostPolicy.LatencyObjective, double)}); 0 where the
 *     split is made, or where the p99 itself is out of reach and the model counts every prompt beyond it
 *     as missing. Fewer than the split needs ({@link IrreducibleShare#MIN_BUDGETS} budgets), they still
 *     spend the error budget.
 */
record IrreducibleSplit(double observed, double factor, int windows, double reachablePromptTokens,
    double plannedPromptTokens, double unmodelled) {
  static final IrreducibleSplit NONE = new IrreducibleSplit(0.0, 1.0, 0, Double.NaN, Double.NaN, 0.0);

  boolean clips() {
    return Double.isFinite(plannedPromptTokens);
  }

  /** The load with its prompt tail cut at the planned length. */
  Load clip(Load l) {
    if (!clips() || !(l.input().p99() > plannedPromptTokens)) {
      return l;
    }
    TokenLengths in = new TokenLengths(l.input().mean(), Math.max(l.input().mean(), plannedPromptTokens));
    return new Load(l.rate(), in, l.output(), l.burstiness());
  }
}
