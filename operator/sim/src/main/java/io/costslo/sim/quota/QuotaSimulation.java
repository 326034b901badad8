package io.costslo.sim.quota;

import io.costslo.core.cost.CostModel;
import io.costslo.core.cost.PriceSource;
import io.costslo.core.cycle.ScalingCycle;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.quota.QuotaLimits;
import io.costslo.sim.Comparison;
import io.costslo.sim.engine.RunResult;
import io.costslo.sim.engine.SimConfig;
import io.costslo.sim.engine.Simulator;
import io.costslo.sim.workload.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Several deployments under one quota, each replayed by the discrete-event {@link Simulator} with
 * its own workload, their costslo loops sharing the quota through {@link QuotaCoordinator}: what a
 * quota would have done before it is applied. Figures per deployment (billed USD, CPT, attainment,
 * hours cut below what it wanted) and per team, and the quota's spend against its limit day by day.
 */
public final class QuotaSimulation {
  private QuotaSimulation() {}

  /** One deployment: its policy, its workload (all of one horizon), and how it takes part in the quota. */
  public record Deployment(String name, String team, int priority, boolean keepSlo, CostPolicy policy,
      Workload workload) {}

  /**
   * @param cutHours hours the allowance was below what it wanted
   * @param overAllowanceHours hours its plan cost more than the allowance (its floor, a held batch change)
   */
  public record DeploymentResult(Deployment deployment, RunResult run, double cutHours, double overAllowanceHours) {
    /** Share of requests meeting both TTFT and ITL objectives is not kept per request; the lower of the two. */
    public double attainment() {
      return Math.min(run.ttftAttainment(), run.itlAttainment());
    }
  }

  public record TeamResult(String team, double usd, long outputTokens, double attainment) {
    public double usdPerMillionTokens() {
      return outputTokens > 0 ? usd / outputTokens * 1e6 : Double.NaN;
    }
  }

  /**
   * @param limitUsd the period limit (NaN without one)
   * @param spentByDay spend the quota had counted in its current period at the end of each day
   * @param firstExhausted when the quota first had nothing left; null if never
   */
  public record Result(List<DeploymentResult> deployments, List<TeamResult> teams, double limitUsd,
      double billedUsd, double[] spentByDay, Instant firstExhausted) {}

  public static Result run(List<Deployment> deployments, QuotaLimits limits, PriceSource prices, SimConfig config,
      long seed) {
    double horizon = deployments.get(0).workload().horizonSeconds();
    for (Deployment d : deployments) {
      if (d.workload().horizonSeconds() != horizon) {
        throw new IllegalArgumentException("every deployment's workload must cover the same horizon; "
            + d.name() + " covers " + d.workload().horizonSeconds() + " s, not " + horizon);
      }
    }
    QuotaCoordinator quota = new QuotaCoordinator(limits, deployments.size());
    ExecutorService pool = Executors.newFixedThreadPool(deployments.size()); // all must run: they meet at each tick
    try {
      List<Future<DeploymentResult>> futures = new ArrayList<>();
      for (int i = 0; i < deployments.size(); i++) {
        Deployment d = deployments.get(i);
        long s = seed + i;
        futures.add(pool.submit(() -> simulate(d, prices, config, s, quota)));
      }
      List<DeploymentResult> results = new ArrayList<>();
      for (Future<DeploymentResult> f : futures) {
        results.add(f.get());
      }
      return summarize(results, limits, quota);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("quota simulation failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static DeploymentResult simulate(Deployment d, PriceSource prices, SimConfig config, long seed,
      QuotaCoordinator quota) {
    try {
      CostPolicy p = d.policy();
      CostModel costs = ScalingCycle.costModel(p, ScalingCycle.resolvePrice(p, prices)
          .orElseThrow(() -> new IllegalArgumentException("no price for " + p.capacity().gpuType())));
      Plan warm = Comparison.warmPlan(new Comparison.Setup(d.workload(), p, prices, config, seed, List.of(), 1), costs);
      QuotaController c = new QuotaController(d, prices, costs, quota, warm);
      RunResult r = new Simulator(d.workload(), p.capacity().profile(), costs.onDemandPerReplica().value(),
          costs.spotPerReplica().value(), config, seed, c, p.objective().ttft(), p.objective().itl()).run();
      return new DeploymentResult(d, r, c.cutHours(), c.overAllowanceHours());
    } finally {
      quota.leave(d.name());
    }
  }

  private static Result summarize(List<DeploymentResult> results, QuotaLimits limits, QuotaCoordinator quota) {
    Map<String, double[]> teams = new TreeMap<>();
    for (DeploymentResult r : results) {
      double[] t = teams.computeIfAbsent(r.deployment().team(), k -> new double[4]);
      t[0] += r.run().totalUsd();
      t[1] += r.run().outputTokens();
      t[2] += r.attainment() * r.run().requests();
      t[3] += r.run().requests();
    }
    List<TeamResult> teamResults = new ArrayList<>();
    teams.forEach((k, t) -> teamResults.add(new TeamResult(k, t[0], (long) t[1], t[3] > 0 ? t[2] / t[3] : Double.NaN)));
    List<QuotaCoordinator.Round> rounds = quota.rounds();
    double limit = limits.period().map(p -> p.limit().value()).orElse(Double.NaN);
    Instant start = Simulator.EPOCH;
    int days = (int) Math.ceil(results.get(0).deployment().workload().horizonSeconds() / 86400.0);
    double[] byDay = new double[days];
    Instant exhausted = null;
    Instant period = rounds.isEmpty() ? null : rounds.get(0).periodStart();
    for (QuotaCoordinator.Round r : rounds) {
      if (!r.periodStart().equals(period)) {
        // Rounds while the fleet drains past the horizon may fall in the next period: not this one's spend.
        continue;
      }
      int day = (int) Math.min(days - 1, Duration.between(start, r.at()).toSeconds() / 86400);
      byDay[day] = r.spentUsd(); // the last round of the day
      if (exhausted == null && "Exhausted".equals(r.state())) {
        exhausted = r.at();
      }
    }
    // Counted spend is cumulative: a day with no control round (the drain after the trace) keeps the total so far.
    for (int day = 1; day < days; day++) {
      byDay[day] = Math.max(byDay[day], byDay[day - 1]);
    }
    double billed = results.stream().mapToDouble(r -> r.run().totalUsd()).sum();
    return new Result(results, teamResults, limit, billed, byDay, exhausted);
  }

  /** The result as text: deployments, teams, the quota day by day (every 5th day). */
  public static String table(Result r) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%-14s %-8s %4s %5s %12s %10s %10s %9s %9s%n", "DEPLOYMENT", "TEAM", "PRIO",
        "KEEP", "USD", "USD/1M", "ATTAIN", "CUT H", "OVER H"));
    for (DeploymentResult d : r.deployments()) {
      b.append(String.format(Locale.ROOT, "%-14s %-8s %4d %5s %12.2f %10.4f %9.2f%% %9.1f %9.1f%n", d.deployment().name(),
          d.deployment().team(), d.deployment().priority(), d.deployment().keepSlo() ? "yes" : "no", d.run().totalUsd(),
          d.run().usdPerMillionTokens(), 100 * d.attainment(), d.cutHours(), d.overAllowanceHours()));
    }
    for (TeamResult t : r.teams()) {
      b.append(String.format(Locale.ROOT, "team %-9s %28.2f %10.4f %9.2f%%%n", t.team(), t.usd(),
          t.usdPerMillionTokens(), 100 * t.attainment()));
    }
    b.append(String.format(Locale.ROOT, "quota limit %.2f USD, billed %.2f USD (%.1f%%), first exhausted: %s%n",
        r.limitUsd(), r.billedUsd(), 100 * r.billedUsd() / r.limitUsd(),
        r.firstExhausted() == null ? "never" : r.firstExhausted().toString()));
    for (int i = 0; i < r.spentByDay().length; i++) {
      if ((i + 1) % 5 == 0 || i == r.spentByDay().length - 1) {
        b.append(String.format(Locale.ROOT, "  day %2d: counted %10.2f USD (%.1f%% of the limit)%n", i + 1,
            r.spentByDay()[i], 100 * r.spentByDay()[i] / r.limitUsd()));
      }
    }
    return b.toString();
  }
}
