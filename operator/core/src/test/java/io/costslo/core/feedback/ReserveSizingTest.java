package io.costslo.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.CostPolicy.BatchOptions;
import io.costslo.core.testing.Policies;
import io.costslo.core.units.RequestsPerSecond;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ReserveSizingTest {
  private static final ReplicaProfile H70 = BuiltInProfiles.LLAMA_70B_2X_H100;
  private static final BatchOptions CHUNKED = new BatchOptions(List.of(32, 64, 128, 256), 64,
      List.of(512, 1024, 2048, 4096, 8192), OptionalInt.of(8192));

  private static Load load(double rps, double meanPrompt, double p99Prompt) {
    return new Load(RequestsPerSecond.of(rps), new TokenLengths(meanPrompt, p99Prompt), new TokenLengths(28, 80));
  }

  @Test
  void aReserveNoPlanServesAtTheObjectivesIsPlannedAsCapacity() {
    // 70B with 13k-token p99 prompts: the p99 prompt alone takes longer than 2 s to prefill.
    CostPolicy p = Policies.on(H70).objective(0.99, 2000, 100).replicas(1, 64).batch(CHUNKED).build();
    Load reserved = load(5.0, 2000, 13_000);
    Load reactive = load(0.4, 2000, 13_000);
    assertThat(ReserveSizing.meetsSomewhere(p, reserved)).isFalse();

    ReserveSizing.Sized s = ReserveSizing.size(p, reserved, reactive);

    assertThat(s.load()).isEqualTo(reactive);
    // The floor is the fewest replicas carrying the reserve rate below the planned utilisation ceiling.
    double best = 0;
    for (int cap : CHUNKED.allowedCaps()) {
      for (OptionalInt chunk : CHUNKED.chunksFor(cap)) {
        best = Math.max(best, LatencyModel.maxRequestRatePerReplica(H70, reserved, cap, chunk).value());
      }
    }
    double ceiling = FrontierOptimizer.MAX_PLANNED_UTILISATION;
    assertThat(s.floor()).isGreaterThan(1);
    assertThat(5.0 / (s.floor() * best)).isLessThanOrEqualTo(ceiling);
    assertThat(5.0 / ((s.floor() - 1) * best)).isGreaterThan(ceiling);
  }

  @Test
  void aReserveThePlansServeStaysLoad() {
    CostPolicy p = Policies.on(BuiltInProfiles.LLAMA_8B_H100).objective(0.99, 2000, 100).replicas(1, 64)
        .batch(CHUNKED).build();
    Load reserved = load(20.0, 2000, 8_000);
    Load reactive = load(5.0, 2000, 8_000);

    ReserveSizing.Sized s = ReserveSizing.size(p, reserved, reactive);

    assertThat(s.load()).isEqualTo(reserved);
    assertThat(s.floor()).isZero();
  }

  @Test
  void aPercentileMetOnlyAtTheFloorCountsAsUnserved() {
    // 9k-token p99 prompts at 38 req/s: replicas.max, busy enough that arrivals meet each other's
    // prefill, just meets the p99 TTFT, so the model's miss share there sits at the planned share, not
    // half of it below; the reserve is then capacity, not load.
    CostPolicy p = Policies.on(H70).objective(0.99, 2000, 100).replicas(1, 64).batch(CHUNKED).build();
    Load reserved = load(38.0, 2000, 9_000);
    assertThat(FrontierOptimizer.sloRatio(p.objective(),
        LatencyModel.predict(H70, reserved, 64, 64, OptionalInt.of(8192), 0.99))).isLessThanOrEqualTo(1.0);
    assertThat(ReserveSizing.meetsSomewhere(p, reserved)).isFalse();
    // Half the share asked: the floor leaves that much room, so the load is planned as it is.
    CostPolicy loose = Policies.on(H70).objective(0.9, 2000, 100).replicas(1, 64).batch(CHUNKED).build();
    assertThat(ReserveSizing.meetsSomewhere(loose, reserved)).isTrue();
  }

  @Test
  void noReserveChangesNothing() {
    CostPolicy p = Policies.on(H70).objective(0.99, 2000, 100).replicas(1, 64).batch(CHUNKED).build();
    Load l = load(0.4, 2000, 13_000);
    ReserveSizing.Sized s = ReserveSizing.size(p, l, l);
    assertThat(s.load()).isEqualTo(l);
    assertThat(s.floor()).isZero();
  }
}
