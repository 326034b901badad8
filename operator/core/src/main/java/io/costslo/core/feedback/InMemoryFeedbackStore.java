package io.costslo.core.feedback;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps the last adjustment per policy in memory. */
public final class InMemoryFeedbackStore implements FeedbackStore {
  private final Map<String, Adjustment> last = new ConcurrentHashMap<>();

  @Override
  public FeedbackState load(String policyKey) {
    Adjustment a = last.get(policyKey);
    return a == null ? FeedbackState.initial() : a.state();
  }

  @Override
  public void save(String policyKey, Adjustment adjustment) {
    last.put(policyKey, adjustment);
  }

  /** The last cycle's adjustment, for status and tests. */
  public Optional<Adjustment> last(String policyKey) {
    return Optional.ofNullable(last.get(policyKey));
  }
}
