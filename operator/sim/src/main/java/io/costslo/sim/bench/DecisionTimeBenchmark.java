package io.costslo.sim.bench;

import io.costslo.core.cost.BuiltInPrices;
import io.costslo.core.cycle.InMemoryDecisionEvents;
import io.costslo.core.cycle.InMemoryPlanRealizer;
import io.costslo.core.cycle.ScalingCycle;
import io.costslo.core.decision.InMemoryDecisionStore;
import io.costslo.core.load.Load;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.Observation;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How long one full decision (the core's ScalingCycle: optimize, guard, store, events) takes, at
 * several loads, after a warm-up. Wall-clock figures: reported, never asserted.
 */
public final class DecisionTimeBenchmark {
  private DecisionTimeBenchmark() {}

  /** One load's timing. */
  public record Row(double requestsPerSecond, int chosenReplicas, int chosenCap, double medianMicros, double p99Micros,
      int frontierSize) {}

  public static List<Row> run(CostPolicy policy, double[] rates, int iterations) {
    List<Row> rows = new ArrayList<>();
    MetricsQuery query = new MetricsQuery("default", "llm", Duration.ofMinutes(2), policy.objective().percentile(),
        Map.of());
    for (double rate : rates) {
      Observation obs = new Observation(Instant.EPOCH, Duration.ofMinutes(2), Load.of(rate, 1154.7, 211.1),
          Optional.empty(), Optional.empty(), policy.objective().percentile(), 0, 0, 0, 1, List.of());
      ScalingCycle cycle = new ScalingCycle(q -> obs, new BuiltInPrices(), new InMemoryPlanRealizer(),
          new InMemoryDecisionStore(), new InMemoryDecisionEvents());
      Plan current = new Plan(1, 0, policy.batch().defaultCap());
      for (int i = 0; i < Math.max(50, iterations / 5); i++) {
        cycle.run("k" + i, policy, query, current, Instant.EPOCH.plusSeconds(i));
      }
      long[] nanos = new long[iterations];
      var last = cycle.run("w", policy, query, current, Instant.EPOCH);
      for (int i = 0; i < iterations; i++) {
        long t0 = System.nanoTime();
        last = cycle.run("k" + (i % 64), policy, query, current, Instant.EPOCH.plusSeconds(i));
        nanos[i] = System.nanoTime() - t0;
      }
      Arrays.sort(nanos);
      rows.add(new Row(rate, last.plan().totalReplicas(), last.plan().batchCap(), nanos[iterations / 2] / 1000.0,
          nanos[Math.min(iterations - 1, (int) Math.ceil(iterations * 0.99) - 1)] / 1000.0, last.frontier().size()));
    }
    return rows;
  }

  public static String markdown(List<Row> rows) {
    StringBuilder b = new StringBuilder("| load (rps) | chosen replicas | chosen cap | frontier points | median µs | p99 µs |\n"
        + "|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      b.append(String.format(Locale.ROOT, "| %.0f | %d | %d | %d | %.1f | %.1f |%n", r.requestsPerSecond(),
          r.chosenReplicas(), r.chosenCap(), r.frontierSize(), r.medianMicros(), r.p99Micros()));
    }
    return b.toString();
  }
}
