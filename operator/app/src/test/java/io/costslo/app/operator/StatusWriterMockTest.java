package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.InferenceCostPolicyStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The status write's optimistic locking against the embedded API server (plain PUT of the status, no
 * server-side apply): a copy older than the stored one is refused with 409, reported as false, leaves
 * the stored status as the newer writer left it, and puts nothing in the cache; the reconcile then
 * decides again from the fresh copy.
 */
class StatusWriterMockTest {
  private static final String NS = "test";

  private EmbeddedCluster cluster;
  private KubernetesClient client;
  private final List<InferenceCostPolicy> cached = new ArrayList<>();
  private final StatusWriter.Cache cache = (written, sent) -> cached.add(written);

  @BeforeEach
  void start() {
    // The mock never conflicts on a status write; this mode refuses a stale one as the API server does.
    cluster = EmbeddedCluster.startWithStatusConflicts();
    client = cluster.client();
    InferenceCostPolicy p = client.resources(InferenceCostPolicy.class)
        .load(Examples.stream(Examples.load(null).get(OperatorHarness.POLICY_FILE))).item();
    p.getMetadata().setNamespace(NS);
    client.resource(p).inNamespace(NS).create();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private InferenceCostPolicy read() {
    InferenceCostPolicy p = client.resources(InferenceCostPolicy.class).inNamespace(NS)
        .withName(policyName()).get();
    if (p.getStatus() == null) {
      p.setStatus(new InferenceCostPolicyStatus());
    }
    return p;
  }

  private String policyName() {
    return client.resources(InferenceCostPolicy.class).inNamespace(NS).list().getItems().get(0).getMetadata()
        .getName();
  }

  @Test
  void aStaleCopyIsRefusedAndTheNewerStatusKept() {
    InferenceCostPolicy stale = read();
    InferenceCostPolicy other = read();
    other.getStatus().lastDecisionTime = "2026-01-01T00:00:00Z";
    assertThat(StatusWriter.write(client, cache, other)).isTrue();
    String newer = read().getMetadata().getResourceVersion();
    assertThat(newer).isNotEqualTo(stale.getMetadata().getResourceVersion());
    cached.clear();

    stale.getStatus().lastDecisionTime = "2026-01-01T00:05:00Z";
    assertThat(StatusWriter.write(client, cache, stale)).as("409 is reported, not thrown").isFalse();

    InferenceCostPolicy stored = read();
    assertThat(stored.getStatus().lastDecisionTime).as("the stale copy did not overwrite").isEqualTo(
        "2026-01-01T00:00:00Z");
    assertThat(stored.getMetadata().getResourceVersion()).isEqualTo(newer);
    assertThat(cached).as("nothing from a refused write goes into the cache").isEmpty();
  }

  @Test
  void theFreshCopyIsWrittenAndItsAnswerCached() {
    InferenceCostPolicy stale = read();
    InferenceCostPolicy first = read();
    first.getStatus().lastDecisionTime = "2026-01-01T00:00:00Z";
    StatusWriter.write(client, cache, first);
    stale.getStatus().lastDecisionTime = "2026-01-01T00:05:00Z";
    assertThat(StatusWriter.write(client, cache, stale)).isFalse();
    cached.clear();

    // What the reconcile does next: decide again from the copy the informer brings.
    InferenceCostPolicy fresh = read();
    fresh.getStatus().lastDecisionTime = "2026-01-01T00:05:00Z";
    assertThat(StatusWriter.write(client, cache, fresh)).isTrue();

    InferenceCostPolicy stored = read();
    assertThat(stored.getStatus().lastDecisionTime).isEqualTo("2026-01-01T00:05:00Z");
    assertThat(cached).singleElement().satisfies(w -> {
      assertThat(w.getMetadata().getResourceVersion()).isEqualTo(stored.getMetadata().getResourceVersion())
          .isNotEqualTo(fresh.getMetadata().getResourceVersion());
      assertThat(w.getStatus().lastDecisionTime).isEqualTo("2026-01-01T00:05:00Z");
    });
  }

  @Test
  void otherFailuresAreThrownForJosdksRetry() {
    InferenceCostPolicy gone = read();
    client.resource(gone).delete();
    gone.getStatus().lastDecisionTime = "2026-01-01T00:00:00Z";
    assertThatThrownBy(() -> StatusWriter.write(client, cache, gone))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    assertThat(cached).isEmpty();
  }
}
