package io.costslo.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicaProfileTest {

  @ParameterizedTest(name = "{7}")
  @CsvSource({
      "'', H100, 1, 10, 0.1, 0.01, 1000, name",
      "p, '', 1, 10, 0.1, 0.01, 1000, gpuType",
      "p, H100, 0, 10, 0.1, 0.01, 1000, gpusPerReplica",
      "p, H100, 1, 0, 0.1, 0.01, 1000, baseMillis",
      "p, H100, 1, NaN, 0.1, 0.01, 1000, baseMillis",
      "p, H100, 1, 10, -0.1, 0.01, 1000, perSequenceMillis",
      "p, H100, 1, 10, 0.1, Infinity, 1000, perPrefillTokenMillis",
      "p, H100, 1, 10, 0.1, 0.01, 0, kvCacheTokens",
  })
  void rejectsBadNumbersNamingTheField(String name, String gpu, int gpus, double base, double perSeq, double perTok,
      long kv, String field) {
    assertThatThrownBy(() -> ReplicaProfile.of(name, gpu, gpus, base, perSeq, perTok, kv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(field);
  }

  @Test
  void inlineProfileComputesSteps() {
    ReplicaProfile p = ReplicaProfile.of("mine", "L4", 1, 20, 0.5, 0.1, 10_000);
    assertThat(p.iterationMillis(8, 100)).isEqualTo(20 + 4 + 10);
    assertThat(p.kvConcurrency(3000)).isEqualTo(3);
    assertThat(p.source()).isEqualTo("policy");
  }

  @Test
  void contextTermsAddDecodeAttentionAndQuadraticPrefill() {
    ReplicaProfile p = ReplicaProfile.of("mine", "L4", 1, 20, 0.5, 0.1, 10_000).withContextTerms(0.001, 0.0001);
    // 8 sequences reading 4000 KV tokens, one chunk of 100 tokens after 300 prefilled: 100*300 + 100*101/2 pairs.
    assertThat(ReplicaProfile.prefillPairs(300, 100)).isEqualTo(35_050);
    assertThat(p.stepMillis(8, 4000, 100, 35_050)).isCloseTo(20 + 4 + 4 + 10 + 3.505, within(1e-9));
    // Without context the step is the linear one; whole-prompt cost per token grows with the prompt.
    assertThat(p.stepMillis(8, 0, 100, 0)).isEqualTo(p.iterationMillis(8, 100));
    assertThat(p.prefillMillisPerToken(1000)).isCloseTo(0.1 + 0.0001 * 1001 / 2, within(1e-12));
    assertThat(p.decodeMillisPerSequence(1000)).isCloseTo(0.5 + 1.0, within(1e-12));
    assertThatThrownBy(() -> p.withContextTerms(-1, 0)).hasMessageContaining("perContextTokenMillis");
    assertThatThrownBy(() -> p.withContextTerms(0, Double.NaN)).hasMessageContaining("perPrefillPairMillis");
  }

  @Test
  void denseRooflineHidesTheWeightStreamUnderCompute() {
    ReplicaProfile additive = ReplicaProfile.of("mine", "A100-80GB", 1, 10, 0.01, 0.02, 100_000);
    ReplicaProfile roofline = new ReplicaProfile("mine", "A100-80GB", 1, 10, 0.01, 0.02, 100_000, "test", 0, 0, 0.07);
    // Decode at batch 1: the weight stream bounds the step (hypot(10, 0.07) ~ 10).
    assertThat(roofline.stepMillis(1, 0, 0, 0)).isCloseTo(additive.stepMillis(1, 0, 0, 0), within(1e-3));
    // A 512-token chunk is compute bound: hypot(10, 0.07 * 513) instead of 10 + its compute.
    assertThat(roofline.denseMillis(513)).isCloseTo(Math.sqrt(100 + 0.07 * 513 * 0.07 * 513), within(1e-9));
    assertThat(roofline.stepMillis(1, 0, 512, 0)).isCloseTo(roofline.denseMillis(513) + 0.01 + 0.02 * 512, within(1e-9));
    assertThat(roofline.stepMillis(1, 0, 512, 0)).isLessThan(10 + 0.01 + (0.07 + 0.02) * 512);
    // Whole prompts are compute bound: the dense per-token cost counts in the per-token prefill figure.
    assertThat(roofline.prefillMillisPerToken(1000)).isCloseTo(0.02 + 0.07, within(1e-12));
    // Without a dense term the step is exactly the additive one; the field is validated.
    assertThat(additive.denseMillis(5000)).isEqualTo(10);
    assertThat(roofline.withKvCacheTokens(7).perDenseTokenMillis()).isEqualTo(0.07);
    assertThatThrownBy(() -> new ReplicaProfile("x", "L4", 1, 10, 0, 0, 1, "t", 0, 0, -1))
        .hasMessageContaining("perDenseTokenMillis");
  }

  @Test
  void builtInsHaveSourcesAndAreFoundByName() {
    assertThat(BuiltInProfiles.all()).hasSize(6).allSatisfy(p -> assertThat(p.source()).contains(".csv"));
    assertThat(BuiltInProfiles.byName("LLAMA-70B/2xH100")).contains(BuiltInProfiles.LLAMA_70B_2X_H100);
  }
}
