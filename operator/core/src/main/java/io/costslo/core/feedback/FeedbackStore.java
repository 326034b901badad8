package io.costslo.core.feedback;

/**
 * Per-policy closed-loop state, persisted across cycles (and, in the operator, across restarts:
 * status- or ConfigMap-backed). {@link InMemoryFeedbackStore} serves tests and the simulator.
 */
public interface FeedbackStore {

  /** The state saved for a policy, or {@link FeedbackState#initial()} if none. */
  FeedbackState load(String policyKey);

  /** Saves the cycle's adjustment: its {@code state()} for the next cycle, its figures for status. */
  void save(String policyKey, Adjustment adjustment);
}
