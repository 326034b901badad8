package io.costslo.core.cycle;

/**
 * Port: where {@link PolicyCycle} keeps a policy's {@link PolicyState} between cycles. The operator
 * backs it with the policy's status (written with the status patch, so it survives a restart); tests
 * and the simulator use {@link InMemoryPolicyStateStore}. Both pass the same contract test.
 */
public interface PolicyStateStore {

  /** The state saved last for this policy, or {@link PolicyState#empty()}. */
  PolicyState load(String policyKey);

  void save(String policyKey, PolicyState state);
}
