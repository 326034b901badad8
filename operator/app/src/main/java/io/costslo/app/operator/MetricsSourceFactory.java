package io.costslo.app.operator;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.core.metrics.MetricsSource;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * Gives each policy its metrics source. Sources may keep state between cycles (the pod scraper
 * keeps the previous scrape to compute rates), so the factory hands back the same one while the
 * policy's metrics settings stay the same.
 */
public interface MetricsSourceFactory {

  MetricsSource sourceFor(InferenceCostPolicy policy, Deployment target);

  /** The policy is gone: drop what was kept for it. */
  default void forget(String policyUid) {}
}
