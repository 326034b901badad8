package io.costslo.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadsTest {

  @Test
  void syntheticDayHasTheRequestedMeanAndTheDiurnalSwing() {
    Workload w = Workloads.synthetic(5, 24, 1);
    assertThat(w.meanRate()).isCloseTo(5, within(0.1));
    RateCurve c = RateCurve.diurnal(5, 24);
    assertThat(c.mean()).isCloseTo(5, within(0.05));
    assertThat(c.peak() / c.mean()).isCloseTo(1.46, within(0.03));
    // Token lengths follow the Azure conversation table: means 1154.7 and 211.1 within a few percent.
    double in = 0;
    double out = 0;
    for (int i = 0; i < w.size(); i++) {
      in += w.inputTokens()[i];
      out += w.outputTokens()[i];
    }
    assertThat(in / w.size()).isCloseTo(1154.7, within(1154.7 * 0.05));
    assertThat(out / w.size()).isCloseTo(211.1, within(211.1 * 0.05));
  }

  @Test
  void sameSeedSameWorkload() {
    assertThat(Workloads.synthetic(3, 2, 9).arrivalSeconds()).containsExactly(Workloads.synthetic(3, 2, 9).arrivalSeconds());
    assertThat(Workloads.synthetic(3, 2, 9).size()).isNotEqualTo(Workloads.synthetic(3, 2, 10).size());
  }

  @Test
  void serveGenCurveIsScaledToTheMean(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("servegen_x_aggregate_rate.csv");
    Files.writeString(f, "window_start_s,total_rate_rps,active_clients\n0,100,3\n600,300,5\n1200,200,4\n");
    Workload w = Workloads.serveGen(f, 2.0, 0, 4);
    assertThat(w.horizonSeconds()).isEqualTo(1800);
    assertThat(w.meanRate()).isCloseTo(2.0, within(0.25));
    int first = 0;
    int second = 0;
    for (double t : w.arrivalSeconds()) {
      first += t < 600 ? 1 : 0;
      second += t >= 600 && t < 1200 ? 1 : 0;
    }
    assertThat((double) second / first).isCloseTo(3.0, within(0.9));
  }
}
