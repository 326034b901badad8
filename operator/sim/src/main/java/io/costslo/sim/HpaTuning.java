package io.costslo.sim;

import io.costslo.core.cost.CostModel;
import io.costslo.core.policy.CostPolicy;
import io.costslo.sim.control.HpaController;
import io.costslo.sim.engine.RunResult;
import io.costslo.sim.engine.Simulator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * {@code hpa-tuned}'s search and the untuned {@code hpa} run of one comparison, sharing their runs: the
 * in-flight HPA at the untuned target is both the {@code hpa} result and the search's first probe, and
 * the search's last passing probe is the {@code hpa-tuned} result (the same simulation: same workload,
 * physics, seed and controller). A probe that fails stops as soon as it certainly fails
 * ({@link Simulator#runMeets}). Each target is simulated at most once per kind (probe or full run), and a
 * full run answers a later probe; the answers do not depend on which thread ran first.
 */
final class HpaTuning {
  /** One target's outcome: whether it meets the SLO, and its whole run if it went to the end. */
  private record Probe(boolean meets, RunResult full, double wallSeconds, double attainment) {}

  private final Comparison.Setup s;
  private final CostModel costs;
  private final int cap;
  private final int initial;
  private final double required;
  private final ConcurrentHashMap<Integer, CompletableFuture<Probe>> probes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, CompletableFuture<Probe>> fullRuns = new ConcurrentHashMap<>();

  HpaTuning(Comparison.Setup s, CostModel costs) {
    this.s = s;
    this.costs = costs;
    CostPolicy p = s.policy();
    this.cap = p.batch().defaultCap();
    this.initial = Comparison.warmPlan(s, costs).totalReplicas();
    this.required = p.objective().attainmentTarget();
  }

  /** The untuned target: half the batch cap's slots in flight per pod. */
  int untunedTarget() {
    return (int) Math.max(1, Math.round(Comparison.IN_FLIGHT_TARGET_FRACTION * cap));
  }

  private HpaController hpa(String name, int target) {
    CostPolicy p = s.policy();
    return HpaController.inFlight(name, p.replicas().min(), p.replicas().max(), cap, initial, target);
  }

  /** A finished run as a comparison reports it, with the controller that produced it. */
  record Outcome(RunResult result, double wallSeconds, HpaController controller) {}

  /** The untuned {@code hpa} run. */
  Outcome untuned() {
    Probe r = full(untunedTarget());
    HpaController c = hpa("hpa", untunedTarget());
    return new Outcome(r.full().relabelled("hpa", c.setting()), r.wallSeconds(), c);
  }

  /** The {@code hpa-tuned} run; its setting says the target and whether it meets the SLO. */
  Outcome tuned() {
    // Over 1..4x the cap, from the untuned target (the answer is usually near it): see TargetSearch.
    int found = TargetSearch.largestMeeting(untunedTarget(), 4 * cap, required, this::meets);
    boolean any = found >= 1;
    int lo = Math.max(1, found);
    Probe r = full(lo);
    HpaController c = hpa("hpa-tuned", lo);
    String setting = c.setting() + (any ? " (largest meeting the SLO)" : " (none meets the SLO)");
    return new Outcome(r.full().relabelled("hpa-tuned", setting), r.wallSeconds(), c);
  }

  /** Whether the whole run at this target meets the SLO (the untuned one is a full run: hpa's). */
  private TargetSearch.Probe meets(int target) {
    Probe p;
    if (target == untunedTarget()) {
      p = full(target);
    } else {
      CompletableFuture<Probe> done = fullRuns.get(target);
      p = join(done != null ? done : once(probes, target, false));
    }
    return new TargetSearch.Probe(p.meets(), p.attainment());
  }

  private Probe full(int target) {
    CompletableFuture<Probe> probed = probes.get(target);
    if (probed != null && join(probed).full() != null) {
      return join(probed);
    }
    return join(once(fullRuns, target, true));
  }

  private CompletableFuture<Probe> once(ConcurrentHashMap<Integer, CompletableFuture<Probe>> memo, int target,
      boolean toTheEnd) {
    CompletableFuture<Probe> mine = new CompletableFuture<>();
    CompletableFuture<Probe> existing = memo.putIfAbsent(target, mine);
    if (existing != null) {
      return existing;
    }
    try {
      Simulator sim = Comparison.simulator(s, costs, hpa("hpa-tuned", target));
      Probe p;
      if (toTheEnd) {
        RunResult r = sim.run();
        p = new Probe(r.meets(required), r, sim.wallSeconds(), r.attainment());
      } else {
        boolean meets = sim.runMeets(required);
        RunResult whole = sim.stoppedEarly() ? null : sim.lastResult();
        p = new Probe(meets, whole, sim.wallSeconds(), whole != null ? whole.attainment() : sim.attainmentSoFar());
      }
      mine.complete(p);
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    }
    return mine;
  }

  private static Probe join(CompletableFuture<Probe> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("hpa-tuned probe failed: " + e.getCause(), e.getCause());
    }
  }
}
