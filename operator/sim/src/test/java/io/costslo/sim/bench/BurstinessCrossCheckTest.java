package io.costslo.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.model.BuiltInProfiles;
import java.util.List;
import org.junit.jupiter.api.Test;

class BurstinessCrossCheckTest {

  @Test
  void theDispersionTermBringsBurstyTtftCloserToTheSimulator() {
    List<BurstinessCrossCheck.Row> rows = BurstinessCrossCheck.run(BuiltInProfiles.LLAMA_8B_H100, 4, 64,
        new int[] {1, 4}, new double[] {0.3, 0.6}, 0.25, 42);
    assertThat(rows).hasSize(4);
    for (BurstinessCrossCheck.Row r : rows) {
      String what = String.format("k=%d at %.0f%%", r.cluster(), 100 * r.utilisation());
      if (r.cluster() == 1) {
        assertThat(r.bursty()).as(what).isEqualTo(r.poisson());
        assertThat(r.burstyError()).as(what).isBetween(-0.30, 0.30);
      } else {
        assertThat(Math.abs(r.burstyError())).as(what).isLessThan(Math.abs(r.poissonError()));
        assertThat(r.burstyError()).as(what).isBetween(-0.40, 0.40);
      }
    }
  }
}
