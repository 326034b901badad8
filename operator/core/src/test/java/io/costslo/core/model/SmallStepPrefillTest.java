package io.costslo.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small-step prompt-token rate: which steps get it, and its validation. */
class SmallStepPrefillTest {
  private static final double LARGE = 0.02;
  private static final double SMALL = 0.001;
  /** Additive model (dense = base) without context terms, so a step is base + perSequence * n + rate * prompt. */
  private static final ReplicaProfile OFF = new ReplicaProfile("p", "A100-80GB", 1, 10, 0.01, LARGE, 100_000, "test",
      0, 0, 0);
  private static final ReplicaProfile ON = OFF.withSmallStepPrefill(512, SMALL);

  private static double expected(double sequences, double prefillTokens, double rate) {
    return 10 + 0.01 * sequences + rate * prefillTokens;
  }

  @ParameterizedTest(name = "{4}: {0} sequences, {1} prompt tokens in {2} chunks")
  @CsvSource({
      // sequences, prompt tokens, chunks, small rate?, case (step tokens = prompt tokens + decodes)
      "101, 400, 1, true, below (400 + 100 decodes = 500)",
      "2, 512, 2, true, at (two chunks 488 + 24)",
      "65, 448, 1, true, at (448 + 64 decodes)",
      "66, 448, 2, true, at (two chunks, 64 decodes)",
      "65, 449, 1, false, above (449 + 64 decodes = 513)",
      "1, 1000, 1, false, above (a whole 1000-token prompt)",
      "4, 4000, 4, false, above (four whole prompts)",
  })
  void promptTokensOfStepsUpToTheThresholdUseTheSmallRate(double sequences, double prefillTokens, double chunks,
      boolean small, String description) {
    assertThat(ON.stepMillis(sequences, 0, prefillTokens, 0, chunks))
        .isCloseTo(expected(sequences, prefillTokens, small ? SMALL : LARGE), within(1e-9));
    // Off (the default), every step charges the one rate.
    assertThat(OFF.stepMillis(sequences, 0, prefillTokens, 0, chunks))
        .isCloseTo(expected(sequences, prefillTokens, LARGE), within(1e-9));
  }

  @Test
  void theFourArgumentStepCountsOneChunk() {
    // One chunk of 448 beside 64 decodes is 512 tokens; beside 65 it is 513.
    assertThat(ON.stepMillis(65, 0, 448, 0)).isEqualTo(ON.stepMillis(65, 0, 448, 0, 1));
    assertThat(ON.stepMillis(65, 0, 448, 0)).isCloseTo(expected(65, 448, SMALL), within(1e-9));
    assertThat(ON.stepMillis(66, 0, 448, 0)).isCloseTo(expected(66, 448, LARGE), within(1e-9));
    // Decode-only steps carry no prompt tokens: the rate does not matter.
    assertThat(ON.stepMillis(64, 64_000, 0, 0)).isEqualTo(OFF.stepMillis(64, 64_000, 0, 0));
  }

  @Test
  void offByDefaultAndCarriedByTheCopies() {
    assertThat(OFF.smallStepMaxTokens()).isZero();
    assertThat(OFF.smallStepPerPrefillTokenMillis()).isZero();
    assertThat(ReplicaProfile.of("q", "L4", 1, 20, 0.5, 0.1, 10_000).smallStepMaxTokens()).isZero();
    assertThat(ON.prefillTokenMillisAt(512)).isEqualTo(SMALL);
    assertThat(ON.prefillTokenMillisAt(513)).isEqualTo(LARGE);
    assertThat(OFF.prefillTokenMillisAt(1)).isEqualTo(LARGE);
    for (ReplicaProfile copy : new ReplicaProfile[] {ON.withContextTerms(1e-4, 1e-6), ON.withKvCacheTokens(7)}) {
      assertThat(copy.smallStepMaxTokens()).isEqualTo(512);
      assertThat(copy.smallStepPerPrefillTokenMillis()).isEqualTo(SMALL);
    }
    // Whole-prompt figures keep the large rate (their callers do not know the step sizes).
    assertThat(ON.prefillMillisPerToken(100)).isEqualTo(OFF.prefillMillisPerToken(100));
  }

  @Test
  void onlyTheVidurA100ProfileUsesIt() {
    assertThat(BuiltInProfiles.all()).filteredOn(p -> p.smallStepMaxTokens() > 0)
        .containsExactly(BuiltInProfiles.LLAMA_8B_A100);
    ReplicaProfile a100 = BuiltInProfiles.LLAMA_8B_A100;
    assertThat(a100.smallStepMaxTokens()).isEqualTo(512);
    assertThat(a100.smallStepPerPrefillTokenMillis()).isPositive().isLessThan(a100.perPrefillTokenMillis());
  }

  @ParameterizedTest(name = "{0}, {1}: {2}")
  @CsvSource({
      "-1, 0, smallStepMaxTokens",
      "512, -0.001, smallStepPerPrefillTokenMillis",
      "512, NaN, smallStepPerPrefillTokenMillis",
      "512, Infinity, smallStepPerPrefillTokenMillis",
      "0, 0.001, smallStepPerPrefillTokenMillis",
  })
  void rejectsBadSmallStepFiguresNamingTheField(long maxTokens, double rate, String field) {
    assertThatThrownBy(() -> OFF.withSmallStepPrefill(maxTokens, rate))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(field);
  }
}
