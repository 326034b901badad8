package io.costslo.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConversationWorkloadTest {

  @Test
  void lengthsAndRateAreTheStatedOnes() {
    Workload w = ConversationWorkload.generate(12, 5);
    double in = 0;
    double out = 0;
    for (int i = 0; i < w.size(); i++) {
      in += w.inputTokens()[i];
      out += w.outputTokens()[i];
      assertThat(w.inputTokens()[i]).isBetween(1, ConversationWorkload.MAX_PROMPT);
      if (i > 0) {
        assertThat(w.arrivalSeconds()[i]).isGreaterThanOrEqualTo(w.arrivalSeconds()[i - 1]);
      }
    }
    // A request's prompt is the first one plus (answer + user message) per earlier turn: with 1..6 turns
    // a request follows 35/21 earlier turns on average, so 9,500 + 5/3 x 1,140 = 11,400 before the cut.
    assertThat(in / w.size()).isCloseTo(11_400, within(11_400 * 0.06));
    assertThat(out / w.size()).isCloseTo(340, within(340 * 0.05));
    // 15 sessions a minute of 3.5 turns: 3,150 requests an hour, less the turns past the horizon.
    assertThat(w.size() / 12.0).isBetween(2_900.0, 3_300.0);
    // Smooth, not bursty: every 10 minutes carry traffic, the busiest at most 5x the quietest.
    int[] perTen = new int[72];
    for (double t : w.arrivalSeconds()) {
      perTen[Math.min(71, (int) (t / 600))]++;
    }
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (int c : perTen) {
      min = Math.min(min, c);
      max = Math.max(max, c);
    }
    assertThat(min).isPositive();
    assertThat(max).isLessThan(5 * min);
  }

  @Test
  void laterTurnsCarryTheConversationSoFar() {
    Workload w = ConversationWorkload.generate(2, 9);
    int longer = 0;
    for (int i = 0; i < w.size(); i++) {
      if (w.inputTokens()[i] > 3 * ConversationWorkload.MEAN_FIRST_PROMPT) {
        longer++;
      }
    }
    // A first prompt alone (log-normal, sigma 1) exceeds 3x its mean for about 9 % of sessions; grown
    // turns add to that, but the share stays a tail.
    assertThat((double) longer / w.size()).isBetween(0.05, 0.25);
  }

  @Test
  void sameSeedSameWorkloadAndNamedLooksItUp() {
    assertThat(ConversationWorkload.generate(1, 3).inputTokens())
        .containsExactly(ConversationWorkload.generate(1, 3).inputTokens());
    assertThat(ConversationWorkload.generate(1, 3).size()).isNotEqualTo(ConversationWorkload.generate(1, 4).size());
    assertThat(Workloads.named("Conversation", 1, 3).inputTokens())
        .containsExactly(ConversationWorkload.generate(1, 3).inputTokens());
    assertThat(Workloads.named("code", 1, 3).arrivalSeconds()).containsExactly(CodeWorkload.generate(1, 3).arrivalSeconds());
    assertThatThrownBy(() -> Workloads.named("chat", 1, 3)).hasMessageContaining("known: code, conversation");
    for (String name : Workloads.NAMES) {
      assertThat(Workloads.named(name, 0.1, 3).size()).as(name).isPositive();
    }
    assertThatThrownBy(() -> ConversationWorkload.generate(0, 3)).hasMessageContaining("hours must be > 0");
  }
}
