package io.costslo.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CodeWorkloadTest {

  @Test
  void meansAndBurstsAreTheStatedOnes() {
    Workload w = CodeWorkload.generate(12, 5);
    double in = 0;
    double out = 0;
    for (int i = 0; i < w.size(); i++) {
      in += w.inputTokens()[i];
      out += w.outputTokens()[i];
      assertThat(w.inputTokens()[i]).isBetween(1, CodeWorkload.MAX_PROMPT);
    }
    // The 16k cut trims the log-normal's mean by well under 1%.
    assertThat(in / w.size()).isCloseTo(2000, within(2000 * 0.03));
    assertThat(out / w.size()).isCloseTo(28, within(28 * 0.04));
    // Per-minute counts swing from (near) idle to (near) the 630 req/min peak, never far above it.
    int minutes = (int) Math.ceil(w.horizonSeconds() / 60);
    int[] perMinute = new int[minutes];
    for (double t : w.arrivalSeconds()) {
      perMinute[Math.min(minutes - 1, (int) (t / 60))]++;
    }
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (int c : perMinute) {
      min = Math.min(min, c);
      max = Math.max(max, c);
    }
    assertThat(min).isLessThan(10);
    assertThat(max).isBetween(560, 700);
    double perMin = w.size() / (w.horizonSeconds() / 60);
    assertThat(perMin).isBetween(120.0, 220.0);
  }

  @Test
  void sameSeedSameWorkloadAndRateScaleKeepsTheHorizon() {
    assertThat(CodeWorkload.generate(1, 3).arrivalSeconds()).containsExactly(CodeWorkload.generate(1, 3).arrivalSeconds());
    assertThat(CodeWorkload.generate(1, 3).size()).isNotEqualTo(CodeWorkload.generate(1, 4).size());
    Workload w = CodeWorkload.generate(1, 3);
    Workload x4 = Workloads.rateScaled(w, 4, 3);
    assertThat(x4.size()).isEqualTo(4 * w.size());
    assertThat(x4.horizonSeconds()).isEqualTo(w.horizonSeconds());
  }
}
