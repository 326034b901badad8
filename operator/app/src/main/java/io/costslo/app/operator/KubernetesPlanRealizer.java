package io.costslo.app.operator;

import io.costslo.core.cycle.PlanRealizer;
import io.costslo.core.plan.Plan;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Makes a plan real on the target Deployment through the scale subresource. */
final class KubernetesPlanRealizer implements PlanRealizer {
  private final KubernetesClient client;
  private final String namespace;
  private final String deployment;
  private boolean realized;

  KubernetesPlanRealizer(KubernetesClient client, String namespace, String deployment) {
    this.client = client;
    this.namespace = namespace;
    this.deployment = deployment;
  }

  @Override
  public void realize(String policyKey, Plan plan) {
    client.apps().deployments().inNamespace(namespace).withName(deployment).scale(plan.totalReplicas());
    realized = true;
  }

  boolean realized() {
    return realized;
  }
}
