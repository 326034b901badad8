package io.costslo.app.quota;

import io.costslo.core.quota.Allowance;
import java.util.Optional;

/** Lookup the policy reconciler consults before its cycle: the allowance the quotas give a policy. */
public interface QuotaAllowances {
  QuotaAllowances NONE = (namespace, name) -> Optional.empty();

  /** The tightest allowance of the quotas covering the policy, and which quota; empty when none caps it. */
  Optional<Allowance> allowanceFor(String namespace, String name);
}
