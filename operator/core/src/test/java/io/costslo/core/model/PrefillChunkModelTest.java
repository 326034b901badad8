package io.costslo.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.units.RequestsPerSecond;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The prefill chunk in the latency model: the TTFT-for-ITL trade, capacity, and monotonicity. */
class PrefillChunkModelTest {
  private static final ReplicaProfile H100 = BuiltInProfiles.LLAMA_8B_H100;

  /** Prefill-heavy code traffic as issue 13 describes it: ~2k-token prompts, 28 output tokens. */
  private static Load prefillHeavy(double rate) {
    return new Load(RequestsPerSecond.of(rate), new TokenLengths(2000, 6000), new TokenLengths(28, 100));
  }

  private static LatencyPrediction at(double rate, int replicas, OptionalInt chunk) {
    return LatencyModel.predict(H100, prefillHeavy(rate), replicas, 64, chunk, 0.99);
  }

  @ParameterizedTest(name = "{0} rps on {1} replica(s): chunk {2} vs {3}")
  @CsvSource({
      "6, 1, 512, 2048",
      "6, 1, 2048, 8192",
      "6, 1, 256, 512",
      "3, 1, 512, 2048",
      "6, 2, 512, 8192",
      // (At 6 rps over 3 replicas least-loaded routing leaves so few decodes beside a prompt that the
      // 8192-token stalls fall below 1% of gaps, and the p99 gap is a decode step either way.)
      "12, 3, 256, 8192",
  })
  void smallerChunkLowersItlAndRaisesTtft(double rate, int replicas, int smaller, int larger) {
    LatencyPrediction small = at(rate, replicas, OptionalInt.of(smaller));
    LatencyPrediction large = at(rate, replicas, OptionalInt.of(larger));
    assertThat(small.saturated()).as("precondition: not saturated").isFalse();
    assertThat(small.itlMillis()).as("p99 ITL").isLessThan(large.itlMillis());
    assertThat(small.ttftMillis()).as("p99 TTFT").isGreaterThan(large.ttftMillis());
  }

  @ParameterizedTest(name = "chunk {0}: capacity below the engine default's")
  @CsvSource({"256", "512", "1024"})
  void aSmallChunkCostsCapacity(int chunk) {
    Load load = prefillHeavy(1);
    double whole = LatencyModel.maxRequestRatePerReplica(H100, load, 256).value();
    double chunked = LatencyModel.maxRequestRatePerReplica(H100, load, 256, OptionalInt.of(chunk)).value();
    assertThat(chunked).isLessThan(whole).isPositive();
  }

  @ParameterizedTest(name = "no chunk is the model as it was ({0} rps)")
  @CsvSource({"0", "1", "6", "12"})
  void theEngineDefaultIsTheUnchunkedModel(double rate) {
    for (int n = 1; n <= 4; n++) {
      assertThat(LatencyModel.predict(H100, prefillHeavy(rate), n, 64, OptionalInt.empty(), 0.99))
          .isEqualTo(LatencyModel.predict(H100, prefillHeavy(rate), n, 64, 0.99));
    }
  }

  static LongStream seeds() {
    return LongStream.range(0, 60).map(i -> 0xC4C4L + i);
  }

  /** The optimizer's binary searches need latency non-increasing in the replica count at any chunk. */
  @ParameterizedTest(name = "case {0}")
  @MethodSource("seeds")
  void latencyFallsWithReplicasAtEveryChunk(long seed) {
    Random r = new Random(seed);
    double in = 50 + r.nextDouble() * 8000;
    double out = 1 + r.nextDouble() * 500;
    Load load = new Load(RequestsPerSecond.of(r.nextDouble() * 40), new TokenLengths(in, in * (1 + 3 * r.nextDouble())),
        new TokenLengths(out, out * 2), 1 + r.nextDouble() * 4);
    int cap = 1 << r.nextInt(9);
    OptionalInt chunk = OptionalInt.of(cap + r.nextInt(16_384));
    double p = new double[] {0.5, 0.9, 0.99, 0.999}[r.nextInt(4)];
    LatencyPrediction before = LatencyModel.predict(H100, load, 1, cap, chunk, p);
    for (int n = 2; n <= 40; n++) {
      LatencyPrediction next = LatencyModel.predict(H100, load, n, cap, chunk, p);
      assertThat(next.ttftMillis()).as("TTFT at %d vs %d replicas, chunk %s", n, n - 1, chunk)
          .isLessThanOrEqualTo(before.ttftMillis());
      assertThat(next.itlMillis()).as("ITL at %d vs %d replicas, chunk %s", n, n - 1, chunk)
          .isLessThanOrEqualTo(before.itlMillis());
      before = next;
    }
  }
}
