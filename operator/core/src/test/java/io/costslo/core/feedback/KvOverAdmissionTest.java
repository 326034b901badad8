package io.costslo.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.load.Load;
import io.costslo.core.metrics.Observation;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.policy.CostPolicy.StabilityOptions;
import io.costslo.core.testing.Policies;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Caps far above the KV fit are dropped while requests outnumber the fit (KvOverAdmission). */
class KvOverAdmissionTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static CostPolicy policy(long kvTokens) {
    return Policies.on(BuiltInProfiles.LLAMA_8B_H100.withKvCacheTokens(kvTokens)).objective(0.99, 2000, 100)
        .replicas(1, 64).batchCaps(List.of(32, 64, 128, 256), 64).stability(StabilityOptions.defaults()).build();
  }

  @ParameterizedTest(name = "kv {0}, {1}+{2} tokens, cap {3}, {4} outstanding per replica, changed {5} min ago: {6}")
  @CsvSource(delimiter = ';', value = {
      // fit 27 (Mooncake lengths on 8B), 55 requests per replica at cap 64: only 32 stays
      "426788; 15000; 300; 64; 55; -1; 32",
      // the same fleet lightly loaded: 64 admits no more than fits, nothing to restrain
      "426788; 15000; 300; 64; 20; -1; -",
      // running at 32, within twice the fit already
      "426788; 15000; 300; 32; 55; -1; -",
      // fit 8 (70B-like): the smallest cap is 4x the fit, lowering it restrains nothing
      "18310; 2000; 28; 64; 40; -1; -",
      // fit 100: 128 lies within twice it, so only 256 goes
      "100000; 900; 100; 256; 150; -1; 32 64 128",
      // the policy's minimum interval since the last batch change (30 min) has not passed
      "426788; 15000; 300; 64; 55; 10; -",
      // it has
      "426788; 15000; 300; 64; 55; 45; 32"})
  void restrainsOnlyAnOverAdmittingCapUnderLoad(long kv, double prompt, double output, int cap, double perReplica,
      int changedMinutesAgo, String expected) {
    int ready = 4;
    Observation o = new Observation(NOW, Duration.ofMinutes(1), Load.of(4, prompt, output), Optional.empty(),
        Optional.empty(), 0.99, perReplica * ready * 0.6, perReplica * ready * 0.4, 0.9, ready, List.of());
    Optional<Instant> changed = changedMinutesAgo < 0 ? Optional.empty()
        : Optional.of(NOW.minus(Duration.ofMinutes(changedMinutesAgo)));
    CostPolicy p = policy(kv);
    Optional<CostPolicy.BatchOptions> r = KvOverAdmission.restrained(p, p.batch(), o, new Plan(ready, 0, cap), changed,
        NOW);
    if (expected.equals("-")) {
      assertThat(r).isEmpty();
    } else {
      assertThat(r).isPresent();
      assertThat(r.get().allowedCaps())
          .containsExactlyElementsOf(Arrays.stream(expected.split(" ")).map(Integer::valueOf).toList());
      assertThat(r.get().allowedChunks()).isEqualTo(p.batch().allowedChunks());
    }
  }
}
