package io.costslo.app.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.api.v1alpha1.BatchKnob;
import io.costslo.api.v1alpha1.Budget;
import io.costslo.api.v1alpha1.Capacity;
import io.costslo.api.v1alpha1.InferenceCostPolicySpec;
import io.costslo.api.v1alpha1.MetricsSpec;
import io.costslo.api.v1alpha1.Objectives;
import io.costslo.api.v1alpha1.Pricing;
import io.costslo.api.v1alpha1.ProfileSpec;
import io.costslo.api.v1alpha1.ReplicaBounds;
import io.costslo.api.v1alpha1.SpotSpec;
import io.costslo.api.v1alpha1.TargetRef;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyValidatorTest {
  private final PolicyValidator validator = new PolicyValidator(Set.of("H100", "L4"));

  static InferenceCostPolicySpec valid() {
    InferenceCostPolicySpec s = new InferenceCostPolicySpec();
    s.targetRef = new TargetRef();
    s.targetRef.name = "llama";
    s.objectives = new Objectives();
    s.objectives.ttft = "2s";
    s.objectives.itl = "100ms";
    s.replicas = new ReplicaBounds();
    s.replicas.min = 1;
    s.replicas.max = 4;
    s.capacity = new Capacity();
    s.capacity.gpuType = "H100-80GB";
    return s;
  }

  @Test
  void aMinimalSpecIsValid() {
    assertThat(validator.validate(valid())).isEmpty();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        c("spec.targetRef.name", s -> s.targetRef.name = " "),
        c("spec.targetRef.kind", s -> s.targetRef.kind = "StatefulSet"),
        c("spec.mode", s -> s.mode = "enforce"),
        c("spec.priority", s -> s.priority = "Cost"),
        c("spec.objectives", s -> s.objectives = null),
        c("spec.objectives.ttft", s -> s.objectives.ttft = "0s"),
        c("spec.objectives.itl", s -> s.objectives.itl = "100"),
        c("spec.objectives.percentile", s -> s.objectives.percentile = 100.0),
        c("spec.objectives.attainment", s -> s.objectives.attainment = 1.5),
        c("spec.budget.maxUsdPerHour", s -> {
          s.budget = new Budget();
          s.budget.maxUsdPerHour = -3.0;
        }),
        c("spec.replicas", s -> s.replicas.max = null),
        c("spec.replicas.min", s -> s.replicas.min = 5),
        c("spec.replicas.max", s -> {
          s.replicas.min = 0;
          s.replicas.max = 0;
        }),
        c("spec.batch.allowedValues", s -> {
          s.batch = new BatchKnob();
          s.batch.argument = "--max-num-seqs";
          s.batch.allowedValues = List.of(64, 0);
        }),
        c("spec.batch", s -> {
          s.batch = new BatchKnob();
          s.batch.argument = "--max-num-seqs";
          s.batch.env = "MAX_NUM_SEQS";
          s.batch.allowedValues = List.of(64);
        }),
        c("spec.capacity.gpuType", s -> s.capacity.gpuType = "B300"),
        c("spec.capacity.gpusPerReplica", s -> s.capacity.gpusPerReplica = 0),
        c("spec.capacity.pricing.spotUsdPerGpuHour", s -> {
          s.capacity.pricing = new Pricing();
          s.capacity.pricing.spotUsdPerGpuHour = -1.0;
        }),
        c("spec.capacity.profile.kvCacheTokens", s -> {
          s.capacity.profile = new ProfileSpec();
          s.capacity.profile.baseIterationTime = "6ms";
          s.capacity.profile.perSequenceTime = "50us";
          s.capacity.profile.perPrefillTokenTime = "60us";
          s.capacity.profile.kvCacheTokens = 0L;
        }),
        c("spec.capacity.spot.maxShare", s -> {
          s.capacity.spot = new SpotSpec();
          s.capacity.spot.maxShare = 2.0;
        }),
        c("spec.capacity.spot.preset", s -> {
          s.capacity.spot = new SpotSpec();
          s.capacity.spot.preset = "Azure";
        }),
        c("spec.capacity.spot.nodeSelector", s -> {
          s.capacity.spot = new SpotSpec();
          s.capacity.spot.enabled = true;
          s.capacity.spot.preset = "Custom";
        }),
        c("spec.capacity.spot.pendingTimeout", s -> {
          s.capacity.spot = new SpotSpec();
          s.capacity.spot.pendingTimeout = "soon";
        }),
        c("spec.capacity.spot.healthyPeriod", s -> {
          s.capacity.spot = new SpotSpec();
          s.capacity.spot.healthyPeriod = "0s";
        }),
        c("spec.metrics.prometheus.url", s -> {
          s.metrics = new MetricsSpec();
          s.metrics.source = "Prometheus";
        }),
        c("spec.metrics.port", s -> {
          s.metrics = new MetricsSpec();
          s.metrics.port = 70000;
        }),
        c("spec.metrics.fallbackReplicas", s -> {
          s.metrics = new MetricsSpec();
          s.metrics.fallbackReplicas = 9;
        }),
        c("spec.reconcileInterval", s -> s.reconcileInterval = "100ms"));
  }

  private static Arguments c(String field, Consumer<InferenceCostPolicySpec> change) {
    return Arguments.of(field, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void namesTheFieldAndTheFix(String field, Consumer<InferenceCostPolicySpec> change) {
    InferenceCostPolicySpec s = valid();
    change.accept(s);
    List<Violation> violations = validator.validate(s);
    assertThat(violations).extracting(Violation::field).contains(field);
    assertThat(violations).allSatisfy(v -> assertThat(v.problem()).isNotBlank());
  }

  @Test
  void anUnknownGpuIsAcceptedWithInlineProfileAndPrice() {
    InferenceCostPolicySpec s = valid();
    s.capacity.gpuType = "MI300X";
    s.capacity.profile = new ProfileSpec();
    s.capacity.profile.baseIterationTime = "6ms";
    s.capacity.profile.perSequenceTime = "50us";
    s.capacity.profile.perPrefillTokenTime = "60us";
    s.capacity.profile.kvCacheTokens = 500_000L;
    s.capacity.pricing = new Pricing();
    s.capacity.pricing.onDemandUsdPerGpuHour = 4.0;
    assertThat(validator.validate(s)).isEmpty();
  }
}
