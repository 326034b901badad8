package io.costslo.app.operator;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * Writes a decided policy's status so that the next reconcile reads it. JOSDK's own status patch is a
 * JSON patch computed from the copy the reconcile started with; when a Deployment event starts the next
 * reconcile before the informer has seen the last write, that copy lacks the last status and the patch
 * drops it (the stability history, the last batch change, the closed loop's memory). Here the status is
 * written with the resourceVersion the reconcile read (a stale copy is refused with 409 instead of
 * overwriting), and the answer goes into the controller's cache at once (as JOSDK's
 * PrimaryUpdateAndCacheUtils does), so the next reconcile starts from this write.
 */
final class StatusWriter {
  private static final int CONFLICT = 409;

  private StatusWriter() {}

  /** Where a written copy goes so the next reconcile starts from it. */
  @FunctionalInterface
  interface Cache {
    void written(InferenceCostPolicy written, InferenceCostPolicy sent);

    /** The controller's primary cache, as JOSDK's PrimaryUpdateAndCacheUtils updates it. */
    static Cache of(Context<InferenceCostPolicy> context) {
      return (written, sent) -> context.eventSourceRetriever().getControllerEventSource()
          .handleRecentResourceUpdate(ResourceID.fromResource(sent), written, sent);
    }
  }

  /** False when the copy was stale (another write came first): decide again from the fresh one. */
  static boolean write(KubernetesClient client, Context<InferenceCostPolicy> context, InferenceCostPolicy policy) {
    return write(client, Cache.of(context), policy);
  }

  /**
   * One PUT of the status with the copy's resourceVersion, no read before it. On 409 nothing is
   * cached and nothing retried here: the caller decides again from the fresh copy the informer
   * brings. Any other failure is thrown (JOSDK's retry).
   */
  static boolean write(KubernetesClient client, Cache cache, InferenceCostPolicy policy) {
    try {
      InferenceCostPolicy written = client.resource(policy).updateStatus();
      cache.written(written, policy);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == CONFLICT) {
        return false;
      }
      throw e;
    }
  }
}
