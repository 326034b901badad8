package io.costslo.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.units.RequestsPerSecond;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class LatencyModelTest {
  private static final ReplicaProfile H100_8B = BuiltInProfiles.LLAMA_8B_H100;

  static LongStream seeds() {
    return LongStream.range(0, 100).map(i -> 0xA11CE00L + i);
  }

  /** Latency never falls when load rises, across random profiles, shapes, caps and percentiles. */
  @ParameterizedTest(name = "case {0}")
  @MethodSource("seeds")
  void latencyIsMonotoneInLoad(long seed) {
    Random r = new Random(seed);
    ReplicaProfile profile = BuiltInProfiles.all().get(r.nextInt(BuiltInProfiles.all().size()));
    double in = 10 + r.nextDouble() * 3000;
    double out = 1 + r.nextDouble() * 800;
    Load unit = new Load(RequestsPerSecond.of(1), new TokenLengths(in, in * (1 + 2 * r.nextDouble())),
        new TokenLengths(out, out * 2));
    int replicas = 1 + r.nextInt(20);
    int cap = 1 << r.nextInt(10);
    double percentile = new double[] {0.5, 0.9, 0.99, 0.999}[r.nextInt(4)];
    double capacity = LatencyModel.maxRequestRatePerReplica(profile, unit, cap).value() * replicas;
    LatencyPrediction previous = null;
    for (int step = 0; step <= 60; step++) {
      double rate = capacity * 1.2 * step / 60.0;
      LatencyPrediction p = LatencyModel.predict(profile, unit.withRate(RequestsPerSecond.of(rate)), replicas, cap,
          percentile);
      if (previous != null) {
        assertThat(p.ttftMillis()).as("TTFT at %.3f req/s", rate).isGreaterThanOrEqualTo(previous.ttftMillis());
        assertThat(p.itlMillis()).as("ITL at %.3f req/s", rate).isGreaterThanOrEqualTo(previous.itlMillis());
        assertThat(p.utilisation()).isGreaterThanOrEqualTo(previous.utilisation());
      }
      previous = p;
    }
    assertThat(previous.saturated()).as("120%% of capacity saturates").isTrue();
  }

  /** Extreme but valid inputs never produce NaN or negative latency. */
  @ParameterizedTest(name = "fuzz {0}")
  @MethodSource("seeds")
  void neverNaN(long seed) {
    Random r = new Random(seed);
    ReplicaProfile profile = ReplicaProfile.of("fuzz", "H100", 1, 1e-3 + r.nextDouble() * 500, r.nextDouble() * 10,
        r.nextDouble() * 2, 1 + r.nextInt(2_000_000));
    double in = r.nextBoolean() ? 0 : Math.pow(10, r.nextDouble() * 6);
    double out = r.nextBoolean() ? 0 : Math.pow(10, r.nextDouble() * 5);
    Load load = new Load(RequestsPerSecond.of(r.nextBoolean() ? 0 : Math.pow(10, r.nextDouble() * 5 - 2)),
        new TokenLengths(in, in * 3), new TokenLengths(out, out));
    LatencyPrediction p = LatencyModel.predict(profile, load, r.nextInt(300), 1 + r.nextInt(1024),
        0.5 + r.nextDouble() * 0.4999);
    assertThat(p.ttftMillis()).isNotNaN().isGreaterThanOrEqualTo(0);
    assertThat(p.itlMillis()).isNotNaN().isGreaterThanOrEqualTo(0);
    assertThat(p.saturated() || (Double.isFinite(p.ttftMillis()) && Double.isFinite(p.itlMillis()))).isTrue();
  }

  @Test
  void saturationIsInfiniteAndMarked() {
    Load load = Load.of(1_000, 1000, 200);
    LatencyPrediction p = LatencyModel.predict(H100_8B, load, 1, 64, 0.99);
    assertThat(p.saturated()).isTrue();
    assertThat(p.ttftMillis()).isInfinite();
    assertThat(p.itlMillis()).isInfinite();
    assertThat(p.ttft()).isEmpty();
    assertThat(p.utilisation()).isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void kvCacheCapsTheBatch() {
    // 18310 KV tokens at 2000+1000 tokens per sequence fit 6 sequences, whatever the cap says.
    LatencyPrediction p = LatencyModel.predict(BuiltInProfiles.LLAMA_70B_2X_H100, Load.of(0.1, 2000, 1000), 1, 256, 0.99);
    assertThat(p.effectiveBatchCap()).isEqualTo(6);
    // A prompt that does not fit at all is infeasible at any replica count.
    assertThat(LatencyModel.predict(BuiltInProfiles.LLAMA_70B_2X_H100, Load.of(0.1, 30_000, 1000), 10, 256, 0.99)
        .saturated()).isTrue();
  }

  @Test
  void idleReplicaSeesBaseStepsOnly() {
    LatencyPrediction p = LatencyModel.predict(H100_8B, Load.of(0, 1000, 100), 2, 64, 0.99);
    assertThat(p.saturated()).isFalse();
    // One sequence at the mean context (1000 prompt + 100/2 output tokens); a whole 1000-token prefill.
    assertThat(p.itlMillis()).isCloseTo(H100_8B.baseMillis() + H100_8B.decodeMillisPerSequence(1050), within(1e-9));
    assertThat(p.ttftMillis()).isCloseTo(H100_8B.baseMillis() + H100_8B.stepMillis(0, 0, 1000,
        ReplicaProfile.prefillPairs(0, 1000)) - H100_8B.baseMillis(), within(1e-9));
  }

  @Test
  void moreReplicasNeverHurt() {
    Load load = Load.of(40, 800, 200);
    double previousTtft = Double.POSITIVE_INFINITY;
    double previousItl = Double.POSITIVE_INFINITY;
    for (int n = 1; n <= 40; n++) {
      LatencyPrediction p = LatencyModel.predict(H100_8B, load, n, 128, 0.99);
      assertThat(p.ttftMillis()).isLessThanOrEqualTo(previousTtft);
      assertThat(p.itlMillis()).isLessThanOrEqualTo(previousItl);
      previousTtft = p.ttftMillis();
      previousItl = p.itlMillis();
    }
  }

  @Test
  void littleLawHoldsForTheRunningBatch() {
    Load load = Load.of(5, 500, 250);
    LatencyPrediction p = LatencyModel.predict(H100_8B, load, 1, 256, 0.5);
    double stepSeconds = H100_8B.baseMillis() / 1000
        / (1 - 5 * (H100_8B.prefillMillisPerToken(500) / 1000 * 500 + H100_8B.decodeMillisPerSequence(625) / 1000 * 250));
    assertThat(p.meanRunningBatch()).isCloseTo(5 * 250 * stepSeconds, within(1e-9));
  }

  @ParameterizedTest(name = "Erlang C({0}, {1}) = {2}")
  @CsvSource({
      "1, 0.5, 0.5",          // M/M/1: P(wait) = rho
      "2, 1.0, 0.3333333333", // textbook value
      "10, 8.0, 0.4087",      // standard table value
  })
  void erlangCMatchesKnownValues(int servers, double load, double expected) {
    assertThat(LatencyModel.erlangC(servers, load)).isCloseTo(expected, within(1e-3));
  }

  @Test
  void aLightlyLoadedFleetPrefillsTheTailPromptWithoutWaiting() {
    // 2k-token prompts with a 9k p99 on 64 replicas at 5 req/s: some replica is nearly always idle, so
    // the p99 TTFT is the p99 prompt's own prefill and one step; on one replica at the same per-replica
    // rate a prompt still meets another's prefill often enough to wait at the p99.
    Load fleet = new Load(RequestsPerSecond.of(5.0), new TokenLengths(2000, 9000), new TokenLengths(28, 80));
    ReplicaProfile h70 = BuiltInProfiles.LLAMA_70B_2X_H100;
    double own = h70.prefillMillisPerToken(9000) * 9000;
    LatencyPrediction many = LatencyModel.predict(h70, fleet, 64, 64, 0.99);
    assertThat(many.ttftMillis()).isCloseTo(own, within(own * 0.05));
    LatencyPrediction one = LatencyModel.predict(h70, fleet.withRate(RequestsPerSecond.of(5.0 / 64)), 1, 64, 0.99);
    assertThat(one.ttftMillis()).isGreaterThan(many.ttftMillis() + 100);
  }

  @ParameterizedTest(name = "z({0}) = {1}")
  @CsvSource({"0.5, 0", "0.9, 1.2816", "0.95, 1.6449", "0.99, 2.3263", "0.999, 3.0902"})
  void normalQuantileIsAccurate(double p, double z) {
    assertThat(LatencyModel.normalQuantile(p)).isCloseTo(z, within(5e-4));
  }
}
