package io.costslo.sim.control;

import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import io.costslo.sim.engine.SimConfig;
import io.costslo.sim.policy.SimPolicies;
import io.costslo.sim.workload.Workload;
import java.util.OptionalInt;

/**
 * Where dynamic controllers start: the Deployment as it ran before the trace began, on-demand at the
 * policy's default batch settings, sized by the simulator (not by the core's model) for the first
 * {@link #SECONDS} of the workload: the fewest replicas with which a ready fleet meets both objectives on
 * those requests, or where none does, the fewest that do as well as the largest (the bound's rule for an
 * unmeetable window). A model-sized start made every controller's first minutes depend on CostSLO's own
 * model: where it under-sized, all of them began behind a cold start on a short trace.
 */
public final class WarmStart {
  /** The stretch of the workload the starting fleet is sized for. */
  public static final double SECONDS = 600;

  private WarmStart() {}

  /**
   * The measured starting plan; {@code guess} (e.g. the model's answer) is only where the search starts,
   * so it changes how many replays the search takes, not what it finds.
   */
  public static Plan measured(Workload w, CostPolicy policy, SimConfig config, long seed, int guess) {
    CostPolicy onDemand = SimPolicies.onDemandAtDefaultCap(policy);
    int cap = onDemand.batch().defaultCap();
    OptionalInt chunk = onDemand.batch().defaultChunk();
    Workload first = w.between(0, Math.min(SECONDS, w.horizonSeconds()));
    if (first.size() == 0) {
      return LowerBound.split(onDemand, onDemand.replicas().min(), cap, chunk);
    }
    SimConfig noReclaims = config.withSpot(0, 0, java.time.Duration.ZERO);
    LowerBound.Probes probes = new LowerBound.Probes(first, onDemand, noReclaims, seed, cap, chunk);
    Plan p = LowerBound.smallest(onDemand, probes, cap, chunk, guess);
    return p != null ? p : LowerBound.asGoodAsLargest(first, onDemand, noReclaims, seed, cap);
  }
}
