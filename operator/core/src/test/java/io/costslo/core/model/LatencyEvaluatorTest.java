package io.costslo.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.units.RequestsPerSecond;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One evaluator shared across cells (its memo of the slot wait, the decodes beside a prefill and the
 * stall search, per effective cap or chunk and replicas; with the caps told, one Erlang recursion
 * per replica count) predicts exactly what a fresh one per cell does, in any order of cells:
 * the optimizer relies on it to stay the model.
 */
class LatencyEvaluatorTest {
  private static final List<Integer> CAPS = List.of(8, 16, 32, 64, 128, 192, 256, 512);
  private static final List<OptionalInt> CHUNKS = List.of(OptionalInt.empty(), OptionalInt.of(512),
      OptionalInt.of(1024), OptionalInt.of(2048), OptionalInt.of(4096), OptionalInt.of(8192));

  private record CellKey(int replicas, int cap, OptionalInt chunk) {}

  @Test
  void sharedEvaluatorMatchesOneCallPerCellBitForBit() {
    Random random = new Random(7);
    for (int problem = 0; problem < 24; problem++) {
      ReplicaProfile profile = random.nextBoolean() ? BuiltInProfiles.LLAMA_8B_H100 : BuiltInProfiles.LLAMA_70B_2X_H100;
      double in = 100 + random.nextDouble() * 4000;
      double out = 1 + random.nextDouble() * 600;
      double perReplica = LatencyModel.maxRequestRatePerReplica(profile,
          new Load(RequestsPerSecond.of(1), new TokenLengths(in, in * 3), new TokenLengths(out, out * 2)), 128).value();
      // Idle sometimes; else up to beyond what 120 replicas carry, so saturated cells come too.
      double rate = problem % 6 == 0 ? 0 : perReplica * 120 * random.nextDouble() * 1.2;
      Load load = new Load(RequestsPerSecond.of(rate), new TokenLengths(in, in * 3), new TokenLengths(out, out * 2),
          1 + random.nextDouble() * 3);
      double percentile = random.nextBoolean() ? 0.99 : 0.9;
      List<CellKey> cells = new ArrayList<>();
      for (int replicas = 0; replicas <= 120; replicas += 1 + random.nextInt(4)) {
        for (int cap : CAPS) {
          for (OptionalInt chunk : CHUNKS) {
            cells.add(new CellKey(replicas, cap, chunk));
          }
        }
      }
      Collections.shuffle(cells, random);
      LatencyEvaluator shared = new LatencyEvaluator(profile, load, percentile);
      // Told the caps (all but 192, which then takes the per-cap path): one Erlang recursion per replica count.
      LatencyEvaluator told = new LatencyEvaluator(profile, load, percentile,
          CAPS.stream().filter(c -> c != 192).mapToInt(Integer::intValue).toArray());
      for (CellKey c : cells) {
        LatencyPrediction once = LatencyModel.predict(profile, load, c.replicas(), c.cap(), c.chunk(), percentile);
        // Record equality compares the doubles bit for bit (Double.compare), NaN included.
        assertThat(shared.predict(c.replicas(), c.cap(), c.chunk())).as("%s at %s", c, load).isEqualTo(once);
        assertThat(told.predict(c.replicas(), c.cap(), c.chunk())).as("told caps: %s at %s", c, load).isEqualTo(once);
      }
    }
  }
}
