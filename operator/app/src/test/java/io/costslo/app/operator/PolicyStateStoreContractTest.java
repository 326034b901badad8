package io.costslo.app.operator;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.InferenceCostPolicyStatus;
import io.costslo.core.cycle.InMemoryPolicyStateStore;
import io.costslo.core.cycle.PolicyStateStore;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Nested;

/** The one contract, run against both implementations. */
class PolicyStateStoreContractTest {

  @Nested
  class InMemory extends PolicyStateStoreContract {
    @Override
    PolicyStateStore store() {
      return new InMemoryPolicyStateStore();
    }

    @Override
    PolicyStateStore restarted(PolicyStateStore store) {
      return store; // lives as long as the process: the simulator and tests only
    }
  }

  /** Backed by the policy's status; a restart is the status written to the API server as JSON and read back. */
  @Nested
  class Status extends PolicyStateStoreContract {
    private final java.util.Map<PolicyStateStore, InferenceCostPolicy> policies = new java.util.IdentityHashMap<>();

    @Override
    PolicyStateStore store() {
      InferenceCostPolicy p = new InferenceCostPolicy();
      p.setStatus(new InferenceCostPolicyStatus());
      PolicyStateStore s = new StatusPolicyStateStore(p.getStatus());
      policies.put(s, p);
      return s;
    }

    @Override
    PolicyStateStore restarted(PolicyStateStore store) {
      String json = Serialization.asJson(policies.get(store));
      InferenceCostPolicy read = Serialization.unmarshal(json, InferenceCostPolicy.class);
      return new StatusPolicyStateStore(read.getStatus());
    }
  }
}
