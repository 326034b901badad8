package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.costslo.api.v1alpha1.ClusterCostQuota;
import io.costslo.api.v1alpha1.ClusterCostQuotaSpec;
import io.costslo.api.v1alpha1.CostQuota;
import io.costslo.api.v1alpha1.CostQuotaSpec;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.QuotaLimits;
import io.costslo.api.v1alpha1.QuotaParticipation;
import io.costslo.api.v1alpha1.QuotaPeriod;
import io.costslo.api.v1alpha1.QuotaPolicyStatus;
import io.costslo.app.policy.PolicyMapper;
import io.costslo.app.quota.QuotaCycle;
import io.costslo.core.cost.BuiltInPrices;
import io.costslo.core.cycle.ScalingCycle;
import io.costslo.core.load.Load;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.Observation;
import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.quota.QuotaDemand;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Quotas against the real operator on an embedded API server: who gives way, release, two quotas, bad quotas. */
class CostQuotaMockTest {
  private static final Load LOAD = Load.of(20, 1000, 250);
  private static final MetricsSource SOURCE = query -> new Observation(Instant.now(), Duration.ofMinutes(2), LOAD,
      Optional.of(Duration.ofMillis(800)), Optional.of(Duration.ofMillis(30)), 0.99, 20, 0, 0.3, 5, List.of());

  private OperatorHarness h;

  @BeforeEach
  void start() {
    // All namespaces, so the cluster-scoped ClusterCostQuota runs too.
    h = new OperatorHarness(new OperatorSettings(Set.of(), false, null, null, Duration.ofMinutes(10)),
        (policy, target) -> SOURCE);
    h.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(OperatorHarness.NS)
        .withLabels(Map.of("org", "retrieval")).endMetadata().build()).create();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private InferenceCostPolicy policy(String name, int priority, Map<String, String> labels) {
    if (h.deployment(name) == null) {
      Deployment d = h.createDeployment(1);
      if (!name.equals(d.getMetadata().getName())) {
        d.getMetadata().setName(name);
        d.getMetadata().setResourceVersion(null);
        d.getMetadata().setUid(null);
        h.client.resource(d).inNamespace(OperatorHarness.NS).create();
        h.client.apps().deployments().inNamespace(OperatorHarness.NS).withName("llama3-8b").delete();
      }
    }
    return h.createPolicy(p -> {
      p.getMetadata().setName(name);
      p.getMetadata().setLabels(labels);
      p.getSpec().targetRef.name = name;
      p.getSpec().budget = null;
      p.getSpec().capacity.spot.enabled = false;
      p.getSpec().replicas.min = 1;
      p.getSpec().reconcileInterval = "1s";
      p.getSpec().stability.scaleDownWindow = "0s"; // a cut applies at once
      p.getSpec().quota = new QuotaParticipation();
      p.getSpec().quota.priority = priority;
    });
  }

  /** What the policy wants with no quota: the cheapest plan meeting its objectives, from the core. */
  private static double wanted(InferenceCostPolicy p) throws Exception {
    CostPolicy core = new PolicyMapper().toCore(p.getSpec(), Optional.empty());
    var costs = ScalingCycle.costModel(core, ScalingCycle.resolvePrice(core, new BuiltInPrices()).orElseThrow());
    return QuotaDemand.wanted(FrontierOptimizer.optimize(core, LOAD, costs).frontier()).orElseThrow().value();
  }

  private CostQuota quota(String name, double maxUsdPerHour, Map<String, String> selector) {
    CostQuota q = new CostQuota();
    q.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(OperatorHarness.NS).build());
    q.setSpec(new CostQuotaSpec());
    q.getSpec().policySelector = new LabelSelectorBuilder().withMatchLabels(selector).build();
    q.getSpec().limits = new QuotaLimits();
    q.getSpec().limits.maxUsdPerHour = maxUsdPerHour;
    q.getSpec().reconcileInterval = "1s";
    return h.client.resource(q).inNamespace(OperatorHarness.NS).create();
  }

  private CostQuota quota(String name) {
    return h.client.resources(CostQuota.class).inNamespace(OperatorHarness.NS).withName(name).get();
  }

  private static QuotaPolicyStatus entry(CostQuota q, String policy) {
    return q.getStatus() == null || q.getStatus().policies == null ? null
        : q.getStatus().policies.stream().filter(p -> p.name.equals(policy)).findFirst().orElse(null);
  }

  private static List<String> names(CostQuota q) {
    assertThat(q.getStatus().state).as("reconciled").isNotNull();
    return q.getStatus().policies == null ? List.of() : q.getStatus().policies.stream().map(p -> p.name).toList();
  }

  private static double predicted(InferenceCostPolicy p) {
    return p.getStatus().recommendedPlan.predictedUsdPerHour;
  }

  private static void eventually(Runnable check) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(check::run);
  }

  @Test
  void bindingQuotaCutsTheLowerPriorityFirstAndRaisingItReleases() throws Exception {
    double wHi = wanted(policy("hi", 10, Map.of("team", "search")));
    double wLo = wanted(policy("lo", 0, Map.of("team", "search")));
    policy("other", 0, Map.of("team", "ads"));
    assertThat(wLo).as("lo needs at least two H100 replicas, so half of it is a real cut").isGreaterThan(2 * 6.87);
    quota("search", 1e6, Map.of("team", "search"));
    eventually(() -> {
      assertThat(entry(quota("search"), "lo").wantedUsdPerHour).isCloseTo(wLo, within(1e-3));
      assertThat(entry(quota("search"), "hi").wantedUsdPerHour).isCloseTo(wHi, within(1e-3));
    });
    assertThat(quota("search").getStatus().state).isEqualTo("OnTrack");
    assertThat(quota("search").getStatus().policies).extracting(p -> p.name).containsExactly("hi", "lo");

    double limit = wHi + wLo / 2;
    h.client.resources(CostQuota.class).inNamespace(OperatorHarness.NS).withName("search")
        .edit(q -> { q.getSpec().limits.maxUsdPerHour = limit; return q; });
    eventually(() -> {
      CostQuota q = quota("search");
      assertThat(q.getStatus().state).isEqualTo("Binding");
      assertThat(entry(q, "hi").allowanceUsdPerHour).as("higher priority served in full").isCloseTo(wHi, within(1e-3));
      assertThat(entry(q, "lo").allowanceUsdPerHour).as("lower priority gives way").isCloseTo(wLo / 2, within(1e-3));
      InferenceCostPolicy lo = h.policy("lo");
      assertThat(lo.getStatus().quota.name).isEqualTo("test/search");
      assertThat(lo.getStatus().quota.allowanceUsdPerHour).isCloseTo(wLo / 2, within(1e-3));
      assertThat(predicted(lo)).as("lo's plan fits its allowance").isLessThanOrEqualTo(wLo / 2 + 1e-6);
      assertThat(predicted(h.policy("hi"))).isCloseTo(wHi, within(1e-3));
      assertThat(predicted(lo) + predicted(h.policy("hi"))).as("the team's plans fit the quota").isLessThanOrEqualTo(limit + 1e-6);
    });
    assertThat(h.events()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("QuotaBinding");
      assertThat(e.getMessage()).contains("test/lo (priority 0)");
    });
    InferenceCostPolicy other = h.policy("other");
    assertThat(other.getStatus().quota).as("a policy outside every quota").isNull();
    assertThat(predicted(other)).as("and its plan is what it wants").isCloseTo(wanted(other), within(1e-3));

    h.client.resources(CostQuota.class).inNamespace(OperatorHarness.NS).withName("search")
        .edit(q -> { q.getSpec().limits.maxUsdPerHour = 1e6; return q; });
    eventually(() -> {
      CostQuota q = quota("search");
      assertThat(q.getStatus().state).isEqualTo("OnTrack");
      assertThat(entry(q, "lo").allowanceUsdPerHour).isGreaterThanOrEqualTo(wLo);
      assertThat(predicted(h.policy("lo"))).as("released").isCloseTo(wLo, within(1e-3));
    });
    assertThat(h.events()).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("QuotaReleased"));
  }

  @Test
  void aPolicyUnderTwoQuotasTakesTheTighterAndSaysSo() throws Exception {
    double wLo = wanted(policy("lo", 0, Map.of("team", "search", "tier", "batch")));
    quota("search", 1e6, Map.of("team", "search"));
    ClusterCostQuota org = new ClusterCostQuota();
    org.setMetadata(new ObjectMetaBuilder().withName("retrieval").build());
    org.setSpec(new ClusterCostQuotaSpec());
    org.getSpec().namespaceSelector = new LabelSelectorBuilder().withMatchLabels(Map.of("org", "retrieval")).build();
    org.getSpec().policySelector = new LabelSelectorBuilder().withMatchLabels(Map.of("tier", "batch")).build();
    org.getSpec().limits = new QuotaLimits();
    org.getSpec().limits.maxUsdPerHour = wLo / 2;
    org.getSpec().reconcileInterval = "1s";
    h.client.resource(org).create();
    eventually(() -> {
      InferenceCostPolicy lo = h.policy("lo");
      assertThat(lo.getStatus().quota.name).isEqualTo("retrieval");
      assertThat(lo.getStatus().quota.coveredBy).containsExactly("retrieval", "test/search");
      assertThat(lo.getStatus().quota.allowanceUsdPerHour).isCloseTo(wLo / 2, within(1e-3));
      assertThat(entry(quota("search"), "lo").constrainedBy).isEqualTo("retrieval");
      assertThat(predicted(lo)).isLessThanOrEqualTo(wLo / 2 + 1e-6);
    });
    eventually(() -> {
      ClusterCostQuota read = h.client.resources(ClusterCostQuota.class).withName("retrieval").get();
      assertThat(read.getStatus().state).isEqualTo("Binding");
      assertThat(read.getStatus().policies).extracting(p -> p.namespace + "/" + p.name).containsExactly("test/lo");
    });
  }

  @Test
  void anInvalidQuotaNamesTheFieldAndCapsNobody() throws Exception {
    double w = wanted(policy("lo", 0, Map.of("team", "search")));
    CostQuota q = new CostQuota();
    q.setMetadata(new ObjectMetaBuilder().withName("bad").withNamespace(OperatorHarness.NS).build());
    q.setSpec(new CostQuotaSpec());
    q.getSpec().limits = new QuotaLimits();
    q.getSpec().limits.maxUsdPerHour = 1.0;
    q.getSpec().limits.period = new QuotaPeriod();
    q.getSpec().limits.period.length = QuotaPeriod.Length.Week;
    q.getSpec().limits.period.maxUsd = 100.0;
    q.getSpec().limits.period.startDay = 9;
    q.getSpec().limits.period.timeZone = "Mars/Olympus_Mons";
    h.client.resource(q).inNamespace(OperatorHarness.NS).create();
    eventually(() -> {
      var ready = Conditions.find(quota("bad").getStatus().conditions, Conditions.READY);
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("InvalidSpec");
      assertThat(ready.getMessage()).contains("spec.limits.period.timeZone", "spec.limits.period.startDay");
      assertThat(h.policy("lo").getStatus().recommendedPlan).isNotNull();
    });
    assertThat(h.events()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("InvalidSpec");
      assertThat(e.getInvolvedObject().getKind()).isEqualTo("CostQuota");
    });
    assertThat(h.policy("lo").getStatus().quota).isNull();
    assertThat(predicted(h.policy("lo"))).isCloseTo(w, within(1e-3));
    assertThat(QuotaCycle.WITHIN_QUOTA).isNotBlank();
  }

  @Test
  void aPolicyJoiningOrLeavingReconcilesTheQuotaAtOnce() throws Exception {
    CostQuota q = new CostQuota();
    q.setMetadata(new ObjectMetaBuilder().withName("slow").withNamespace(OperatorHarness.NS).build());
    q.setSpec(new CostQuotaSpec());
    q.getSpec().policySelector = new LabelSelectorBuilder().withMatchLabels(Map.of("team", "search")).build();
    q.getSpec().limits = new QuotaLimits();
    q.getSpec().limits.maxUsdPerHour = 1e6;
    q.getSpec().reconcileInterval = "1h"; // only an event can bring news within the test
    h.client.resource(q).inNamespace(OperatorHarness.NS).create();
    eventually(() -> assertThat(names(quota("slow"))).isEmpty());
    policy("late", 0, Map.of("team", "search"));
    eventually(() -> assertThat(names(quota("slow"))).containsExactly("late"));
    h.client.resources(InferenceCostPolicy.class).inNamespace(OperatorHarness.NS).withName("late")
        .edit(p -> { p.getMetadata().setLabels(Map.of("team", "ads")); return p; });
    eventually(() -> assertThat(names(quota("slow"))).as("relabelled out").isEmpty());
  }

  /** Four reserved H100s for two policies: the higher priority fills first, the other gets the rest, never more than 4 in all. */
  @Test
  void reservedGpusAreSharedByPriorityAndNeverOverCounted() throws Exception {
    String yaml = """
        apiVersion: costslo.io/v1alpha1
        kind: PriceCatalog
        metadata: {name: prices}
        spec:
          region: us-east-1
          prices:
          - {gpuType: H100, capacityType: OnDemand, usdPerGpuHour: 5.0, effectiveFrom: "2026-01-01", source: "contract"}
          - {gpuType: H100, capacityType: Reserved, usdPerGpuHour: 0.5, reservedGpus: 4, effectiveFrom: "2026-01-01", source: "reservation"}
        """;
    h.client.resources(io.costslo.api.v1alpha1.PriceCatalog.class)
        .load(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))).create();
    policy("hi", 10, Map.of("team", "search"));
    policy("lo", 0, Map.of("team", "search"));
    eventually(() -> {
      var hi = h.policy("hi").getStatus();
      var lo = h.policy("lo").getStatus();
      int hiShare = hi.price.reservedGpus == null ? 0 : hi.price.reservedGpus;
      int loShare = lo.price.reservedGpus == null ? 0 : lo.price.reservedGpus;
      int hiRuns = hi.recommendedPlan.onDemandReplicas;
      int loRuns = lo.recommendedPlan.onDemandReplicas;
      assertThat(hiRuns).as("each needs at least two replicas at this load").isGreaterThanOrEqualTo(2);
      assertThat(loRuns).isGreaterThanOrEqualTo(2);
      assertThat(hiShare).as("higher priority filled first").isEqualTo(Math.min(4, hiRuns));
      assertThat(loShare).as("the lower one gets the rest").isEqualTo(Math.min(4 - hiShare, loRuns));
      assertThat(hiShare + loShare).as("never more than were paid for").isLessThanOrEqualTo(4);
      assertThat(hi.recommendedPlan.predictedUsdPerHour).as("CPT at the marginal price of its share")
          .isCloseTo(hiShare * 0.5 + (hiRuns - hiShare) * 5.0, within(1e-3));
      assertThat(lo.recommendedPlan.predictedUsdPerHour)
          .isCloseTo(loShare * 0.5 + (loRuns - loShare) * 5.0, within(1e-3));
    });
  }
}
