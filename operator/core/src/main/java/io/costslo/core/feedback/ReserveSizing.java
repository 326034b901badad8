package io.costslo.core.feedback;

import io.costslo.core.load.Load;
import io.costslo.core.model.LatencyModel;
import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.policy.CostPolicy;
import java.util.OptionalInt;

/**
 * How the burst reserve ({@link BurstReserve}) is planned: as load at the objectives where some plan
 * meets them at the reserve rate, else as capacity only.
 *
 * <p>Why: the reserve is there so that a burst does not outgrow the fleet before new replicas serve;
 * {@link BurstReserve}'s miss model is a queue growing at the burst rate minus the rate served. Planned
 * as load, the optimizer also asks the reserve rate's percentile latency, which is right where a plan
 * can meet it. Where none can (long prompts whose own prefill exceeds the TTFT objective), the answer
 * at the reserve rate is the overload one, near replicas.max, in every quiet cycle of the hour the
 * reserve lasts; what the reserve's purpose needs is only that the burst not saturate the fleet. So the
 * objectives are planned at the rate without the reserve and the reserve becomes a replica floor: the
 * replicas that carry its rate at {@link FrontierOptimizer#MAX_PLANNED_UTILISATION} of their modelled
 * throughput.
 */
public final class ReserveSizing {

  /**
   * @param load the load to plan the objectives at
   * @param floor replicas the fleet must keep at least (0: none beyond the policy's)
   */
  public record Sized(Load load, int floor) {}

  private ReserveSizing() {}

  /**
   * @param planning the policy with the objectives the cycle plans at
   * @param reserved the load at the reserve rate
   * @param reactive the same load at the rate without the reserve
   */
  public static Sized size(CostPolicy planning, Load reserved, Load reactive) {
    if (!(reserved.rate().value() > reactive.rate().value()) || meetsSomewhere(planning, reserved)) {
      return new Sized(reserved, 0);
    }
    ReplicaProfile profile = planning.capacity().profile();
    double perReplica = 0.0;
    for (int cap : planning.batch().allowedCaps()) {
      for (OptionalInt chunk : planning.batch().chunksFor(cap)) {
        perReplica = Math.max(perReplica,
            LatencyModel.maxRequestRatePerReplica(profile, reserved, cap, chunk).value());
      }
    }
    if (!(perReplica > 0)) {
      return new Sized(reserved, 0); // no setting carries a request: the optimizer's overload rules answer
    }
    double needed = Math.ceil(reserved.rate().value() / (perReplica * FrontierOptimizer.MAX_PLANNED_UTILISATION));
    return new Sized(reactive, (int) Math.min(planning.replicas().max(), needed));
  }

  /**
   * Whether the model's miss share at replicas.max, the least over the allowed settings, leaves at
   * least half the planned share above it. Nearer, the miss share approaches its floor ever more
   * slowly with replicas, so the cheapest plan meeting the objectives sits near replicas.max.
   */
  static boolean meetsSomewhere(CostPolicy planning, Load load) {
    ReplicaProfile profile = planning.capacity().profile();
    int replicas = planning.replicas().max();
    double plannedShare = 1.0 - planning.objective().percentile();
    double bar = Math.max(TailCorrection.MIN_SHARE, plannedShare / 2);
    for (int cap : planning.batch().allowedCaps()) {
      for (OptionalInt chunk : planning.batch().chunksFor(cap)) {
        if (TailCorrection.modelMissShare(profile, load, replicas, cap, chunk, planning.objective()) <= bar) {
          return true;
        }
      }
    }
    return false;
  }
}
