package io.costslo.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BurstReserveTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration COLD = Duration.ofMinutes(3);
  private static final Duration TTFT = Duration.ofSeconds(2);
  private static final Instant NOW = Instant.ofEpochSecond(3_600);

  /** Closed one-minute buckets ending just before NOW, oldest first, at the given per-second rates. */
  private static ErrorBudgetState history(double... rates) {
    List<ErrorBudgetState.Bucket> buckets = new ArrayList<>();
    long start = NOW.getEpochSecond() - 60L * rates.length;
    for (double r : rates) {
      buckets.add(new ErrorBudgetState.Bucket(start, r * 60, 0));
      start += 60;
    }
    return new ErrorBudgetState(buckets, Optional.of(NOW), 1.0);
  }

  private static double[] repeat(double rate, int n) {
    double[] out = new double[n];
    java.util.Arrays.fill(out, rate);
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      // case, history (rates per closed minute, ';'-separated), current rate, target, reserve expected?
      "steady traffic keeps nothing, 5;5;5;5;5;5;5;5, 5, 0.99, false",
      "a quiet minute now after a burst within the hour, 1;1;20;20;1;1;1;1, 1, 0.99, true",
      "a slow decline is no burst, 10;9.8;9.6;9.4;9.2;9.0;8.8;8.6, 8.6, 0.99, false",
      "a burst at the peak already, 1;1;20;20;20;20;20;20, 20, 0.99, false",
  })
  void reservesOnlyForABurstTheBudgetCannotAbsorb(String name, String rates, double rate, double target,
      boolean reserves) {
    double[] r = java.util.Arrays.stream(rates.split(";")).mapToDouble(Double::parseDouble).toArray();
    double sized = BurstReserve.sizedRate(rate, history(r), MINUTE, NOW, COLD, TTFT, target, 0.0);
    if (reserves) {
      assertThat(sized).as(name).isGreaterThan(rate);
    } else {
      assertThat(sized).as(name).isEqualTo(rate);
    }
  }

  /** The reserve is the smallest rate whose misses, were the burst to come back, fit the budget left. */
  @Test
  void theReserveIsTheRootOfTheMissesEquation() {
    double[] rates = repeat(2, 60);
    rates[20] = 30;
    rates[21] = 30;
    ErrorBudgetState h = history(rates);
    double sized = BurstReserve.sizedRate(2, h, MINUTE, NOW, COLD, TTFT, 0.99, 0.0);
    double requests = h.buckets().stream().mapToDouble(ErrorBudgetState.Bucket::requests).sum();
    double budget = 0.01 * requests;
    double burst = 30; // min(2 + 28 rise, peak 30)
    assertThat(misses(burst, sized)).isCloseTo(budget, within(1e-6 * budget));
    assertThat(misses(burst, sized * 0.99)).isGreaterThan(budget);
    assertThat(sized).isLessThan(burst);
  }

  /** Brute force over random histories: the sized rate never falls below the rate, nor exceeds the peak. */
  @Test
  void staysBetweenTheRateAndThePeak() {
    java.util.Random rnd = new java.util.Random(3);
    for (int t = 0; t < 2_000; t++) {
      double[] rates = new double[2 + rnd.nextInt(60)];
      double peak = 0;
      for (int i = 0; i < rates.length; i++) {
        rates[i] = rnd.nextDouble() < 0.2 ? 10 + rnd.nextDouble() * 40 : rnd.nextDouble() * 5;
        peak = Math.max(peak, rates[i]);
      }
      double rate = rnd.nextDouble() * 20;
      double sized = BurstReserve.sizedRate(rate, history(rates), MINUTE, NOW, COLD, TTFT, 0.99, 0.0);
      assertThat(sized).isGreaterThanOrEqualTo(rate).isLessThanOrEqualTo(Math.max(rate, peak) + 1e-9);
    }
  }

  /** 3,600 s x 10 req/s with one burst to 30: a 20 % miss budget (7,200+) absorbs a cold start at 30 req/s (5,400). */
  @Test
  void aBudgetLargerThanAColdStartOfTheBurstKeepsNothing() {
    double[] rates = repeat(10, 60);
    rates[30] = 30;
    assertThat(BurstReserve.sizedRate(10, history(rates), MINUTE, NOW, COLD, TTFT, 0.8, 0.0)).isEqualTo(10);
    assertThat(BurstReserve.sizedRate(10, history(rates), MINUTE, NOW, COLD, TTFT, 0.99, 0.0)).isGreaterThan(25);
  }

  /**
   * Misses no fleet size prevents spend none of the budget left (as in the burn): with 15% of every
   * minute's requests missing for good, a 20% budget still absorbs the burst once that share is known,
   * and does not while it is counted as spent.
   */
  @Test
  void irreducibleMissesSpendNoneOfTheBudgetLeft() {
    double[] rates = repeat(10, 60);
    rates[30] = 30;
    List<ErrorBudgetState.Bucket> buckets = new ArrayList<>();
    for (ErrorBudgetState.Bucket b : history(rates).buckets()) {
      buckets.add(new ErrorBudgetState.Bucket(b.start(), b.requests(), 0.15 * b.requests()));
    }
    ErrorBudgetState h = new ErrorBudgetState(buckets, Optional.of(NOW), 1.0);
    assertThat(BurstReserve.sizedRate(10, h, MINUTE, NOW, COLD, TTFT, 0.8, 0.15)).isEqualTo(10);
    assertThat(BurstReserve.sizedRate(10, h, MINUTE, NOW, COLD, TTFT, 0.8, 0.0)).isGreaterThan(10);
  }

  @Test
  void theOpenBucketAndAShortHistoryCountForNothing() {
    List<ErrorBudgetState.Bucket> buckets = List.of(new ErrorBudgetState.Bucket(NOW.getEpochSecond() - 60, 60, 0),
        new ErrorBudgetState.Bucket(NOW.getEpochSecond(), 60 * 40, 0));
    ErrorBudgetState h = new ErrorBudgetState(buckets, Optional.of(NOW), 1.0);
    assertThat(BurstReserve.sizedRate(1, h, MINUTE, NOW, COLD, TTFT, 0.99, 0.0)).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0} closed minutes: warm {1}")
  @CsvSource({"0, false", "3, false", "14, false", "15, true", "60, true"})
  void theReserveStandsForBurstsOnceTheHistorySpansFiveColdStarts(int minutes, boolean warm) {
    // Cold start 3 min: five of them are 15 closed one-minute buckets; the open bucket counts for nothing.
    List<ErrorBudgetState.Bucket> buckets = new ArrayList<>(history(repeat(5, minutes)).buckets());
    buckets.add(new ErrorBudgetState.Bucket(NOW.getEpochSecond(), 300, 0));
    ErrorBudgetState h = new ErrorBudgetState(buckets, Optional.of(NOW), 1.0);
    assertThat(BurstReserve.warm(h, MINUTE, NOW.plusSeconds(30), COLD)).isEqualTo(warm);
  }

  @Test
  void aColdStartShorterThanABucketWarmsUpInFiveBuckets() {
    assertThat(BurstReserve.warm(history(repeat(5, 4)), MINUTE, NOW, Duration.ofSeconds(10))).isFalse();
    assertThat(BurstReserve.warm(history(repeat(5, 5)), MINUTE, NOW, Duration.ofSeconds(10))).isTrue();
  }

  private static double misses(double burst, double served) {
    return burst * Math.max(0, COLD.getSeconds() - TTFT.getSeconds() * served / (burst - served));
  }
}
