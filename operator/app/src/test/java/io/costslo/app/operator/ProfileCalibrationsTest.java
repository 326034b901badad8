package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.cost.BuiltInPrices;
import io.costslo.core.cost.CostModel;
import io.costslo.core.load.Load;
import io.costslo.core.metrics.Observation.CalibrationSample;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.policy.CostPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProfileCalibrationsTest {
  private static final ReplicaProfile PRIOR = BuiltInProfiles.LLAMA_8B_H100;

  /** Pods whose steps take {@code factor} times what the prior predicts. */
  private static List<CalibrationSample> pods(double factor, int count) {
    List<CalibrationSample> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double batch = 8 + 12 * i;
      double millis = factor * PRIOR.iterationMillis(batch, 0);
      out.add(new CalibrationSample("p" + i, batch, Duration.ofNanos(Math.round(millis * 1e6)), 2000,
          Duration.ofMillis(300)));
    }
    return out;
  }

  private static int replicasFor(ReplicaProfile profile) {
    CostPolicy policy = new CostPolicy(CostPolicy.LatencyObjective.of(0.99, Duration.ofSeconds(2), Duration.ofMillis(30)),
        CostPolicy.Budget.none(), io.costslo.core.policy.Priority.SLO, new CostPolicy.ReplicaBounds(1, 100),
        new CostPolicy.BatchOptions(List.of(64), 64), CostPolicy.Capacity.of(profile), CostPolicy.SpotOptions.disabled(),
        CostPolicy.StabilityOptions.none(), java.util.Map.of(), Optional.empty());
    CostModel costs = CostModel.of(new BuiltInPrices().price("H100").orElseThrow(), 1, 0, Duration.ZERO);
    return FrontierOptimizer.optimize(policy, Load.of(40, 1000, 250), costs).chosen().plan().totalReplicas();
  }

  @Test
  void fewPointsKeepThePrior() {
    ProfileCalibrations c = new ProfileCalibrations();
    var status = c.record("uid", PRIOR, pods(2, 3), Instant.EPOCH);
    assertThat(status.applied).isFalse();
    assertThat(c.profile("uid", PRIOR)).isEqualTo(PRIOR);
  }

  @Test
  void slowerPodsMakeASlowerProfileAndBuyMoreReplicas() {
    ProfileCalibrations c = new ProfileCalibrations();
    for (int cycle = 0; cycle < 10; cycle++) {
      c.record("uid", PRIOR, pods(2, 4), Instant.EPOCH.plusSeconds(30L * cycle));
    }
    ReplicaProfile calibrated = c.profile("uid", PRIOR);
    assertThat(calibrated.baseMillis()).isGreaterThan(PRIOR.baseMillis());
    assertThat(calibrated.perSequenceMillis()).isGreaterThan(PRIOR.perSequenceMillis());
    // Shrunk towards the prior, so not all the way to twice as slow.
    assertThat(calibrated.baseMillis()).isLessThan(2 * PRIOR.baseMillis());
    assertThat(replicasFor(calibrated)).isGreaterThan(replicasFor(PRIOR));
  }

  @Test
  void aNewPriorStartsOver() {
    ProfileCalibrations c = new ProfileCalibrations();
    for (int cycle = 0; cycle < 5; cycle++) {
      c.record("uid", PRIOR, pods(2, 4), Instant.EPOCH);
    }
    assertThat(c.profile("uid", BuiltInProfiles.LLAMA_8B_A100)).isEqualTo(BuiltInProfiles.LLAMA_8B_A100);
  }
}
