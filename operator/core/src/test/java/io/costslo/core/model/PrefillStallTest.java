package io.costslo.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.load.Load;
import io.costslo.core.load.TokenLengths;
import io.costslo.core.units.RequestsPerSecond;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Per-token ITL with chunked prefill: the share of gaps in steps carrying prompt chunks. */
class PrefillStallTest {
  private static final ReplicaProfile H100 = BuiltInProfiles.LLAMA_8B_H100;

  /** The code workload's shape: log-normal prompts of mean 2,000 (sigma 0.8, p99 ~ 4.8x), 28 output tokens. */
  private static Load code(double rate) {
    return new Load(RequestsPerSecond.of(rate), new TokenLengths(2000, 9500), TokenLengths.ofMean(28));
  }

  private static double itl(double rate, int replicas, int chunk, double p) {
    LatencyPrediction pr = LatencyModel.predict(H100, code(rate), replicas, 64, OptionalInt.of(chunk), p);
    return pr.saturated() ? Double.POSITIVE_INFINITY : pr.itlMillis();
  }

  @ParameterizedTest(name = "{0} rps on {1} replica(s), chunk {2}: p99 ITL {3} the 100 ms objective")
  @CsvSource({
      // Whole ~2k prompts and bursts of them in one step: over 1% of gaps stall past 100 ms.
      "6, 1, 8192, over",
      "6, 1, 4096, over",
      // A chunk whose step stays under 100 ms caps every stall, at any rate below saturation.
      "6, 1, 1024, within",
      "6, 1, 2048, within",
      "9, 1, 1024, within",
      // Spread over more replicas the stalls fall below 1% of gaps even at the engine default.
      "6, 4, 8192, within",
      "0.5, 1, 8192, within",
  })
  void aBigChunkMissesTheItlObjectiveWhereStallsExceedOnePercentOfGaps(double rate, int replicas, int chunk,
      String expected) {
    double ms = itl(rate, replicas, chunk, 0.99);
    if (expected.equals("over")) {
      assertThat(ms).isGreaterThan(100.0);
    } else {
      assertThat(ms).isLessThanOrEqualTo(100.0);
    }
  }

  @ParameterizedTest(name = "chunk {0}: ITL non-increasing in replicas, non-decreasing in the percentile")
  @CsvSource({"512", "1024", "2048", "4096", "8192"})
  void itlIsMonotoneInReplicasAndPercentile(int chunk) {
    for (double rate : new double[] {0.5, 3, 8}) {
      double previous = Double.POSITIVE_INFINITY;
      for (int n = 1; n <= 8; n++) {
        double ms = itl(rate, n, chunk, 0.99);
        assertThat(ms).as("%s rps, %d replicas", rate, n).isLessThanOrEqualTo(previous + 1e-9);
        previous = ms;
      }
      double low = 0;
      for (double p : new double[] {0.9, 0.95, 0.99, 0.995, 0.999}) {
        double ms = itl(rate, 2, chunk, p);
        assertThat(ms).as("%s rps at p%s", rate, p).isGreaterThanOrEqualTo(low - 1e-9);
        low = ms;
      }
    }
  }

  @Test
  void theStalledStepIsTheProfilesStepWithTheChunk() {
    // At a high percentile on a busy replica the gap at p is a full chunk's step: the chunk's tokens
    // beside the running batch, timed by the profile (no more than the chunk, whatever the prompt).
    double ms = itl(8, 1, 1024, 0.999);
    double full = H100.stepMillis(1, 0, 1024, ReplicaProfile.prefillPairs(0, 1024));
    assertThat(ms).isGreaterThan(full).isLessThan(full + 20);
  }

  @Test
  void theLongStepCountMatchesBruteForceOverLogNormalBusyPeriods() {
    // count(c) = expected steps of more than c prompt tokens when B tokens are cut into chunks of R,
    // checked against sampling B and counting the chunks directly.
    double mean = 3000;
    double sigma = 0.7;
    double mu = Math.log(mean) - sigma * sigma / 2;
    Random r = new Random(5);
    for (double chunk : new double[] {512, 2048, 8192}) {
      for (double c : new double[] {100, 400, 0.9 * chunk}) {
        if (c >= chunk) {
          continue;
        }
        double sum = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
          double b = Math.exp(mu + sigma * r.nextGaussian());
          long full = (long) Math.floor(b / chunk);
          double rest = b - full * chunk;
          sum += full + (rest > c ? 1 : 0);
        }
        double sampled = sum / n;
        double modelled = PrefillStall.count(c, chunk, mean, mu, sigma);
        assertThat(modelled).as("chunk %s, c %s", chunk, c).isCloseTo(sampled, within(0.05 * sampled + 0.02));
      }
    }
  }

  @ParameterizedTest(name = "least-loaded routing over {1} replicas of mean {0}: {2} beside a new prompt")
  @CsvSource({
      "0.4, 1, 0.4",
      "0.5, 2, 0.2838", // T ~ Poisson(1): P(T >= 2) + P(T >= 4) + P(T >= 6) + ... = 0.2642 + 0.0190 + 0.0006
      "0.05, 13, 0.0",
      "3, 1, 3",
  })
  void aPromptLandsWhereTheFewestSequencesDecode(double n, int replicas, double expected) {
    assertThat(LeastLoadedRouting.decodesBesidePrefill(n, replicas)).isCloseTo(expected, within(1e-3));
  }

  @Test
  void moreReplicasNeverPutMoreDecodesBesideAPrompt() {
    for (double n : new double[] {0.1, 1, 5, 29, 31, 100}) {
      double previous = n;
      for (int r = 1; r <= 64; r *= 2) {
        double m = LeastLoadedRouting.decodesBesidePrefill(n, r);
        assertThat(m).as("n %s, %d replicas", n, r).isLessThanOrEqualTo(previous + 1e-12).isGreaterThanOrEqualTo(0);
        previous = m;
      }
    }
  }

  @ParameterizedTest(name = "erfc({0}) = {1}")
  @CsvSource({"0, 1", "0.5, 0.4795001222", "1, 0.1572992071", "2, 0.0046777350", "-1, 1.8427007929"})
  void erfcMatchesTabulatedValues(double x, double expected) {
    assertThat(PrefillStall.erfc(x)).isCloseTo(expected, within(2e-7));
  }

  @Test
  void noDecodesOrNoTrafficMeansNoStall() {
    assertThat(PrefillStall.itlSecondsAt(H100, code(0), 0, 1, 0, 0, 1024, 0.99, 0.0)).isZero();
    Load oneToken = new Load(RequestsPerSecond.of(5), new TokenLengths(2000, 9500), TokenLengths.ofMean(1));
    assertThat(PrefillStall.itlSecondsAt(H100, oneToken, 5, 1, 1, 0.3, 1024, 0.99, 0.0)).isZero();
  }
}
