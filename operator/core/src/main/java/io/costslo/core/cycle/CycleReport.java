package io.costslo.core.cycle;

import io.costslo.core.calibration.ProfileCalibration;
import io.costslo.core.cost.CostModel;
import io.costslo.core.decision.Decision;
import io.costslo.core.feedback.Adjustment;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import io.costslo.core.plan.Plan;
import io.costslo.core.policy.CostPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything one {@link PolicyCycle} run found and did: the single source for status, events,
 * per-policy metrics and the simulator's report.
 *
 * @param policyKey the policy
 * @param at the cycle's clock
 * @param mode whether the plan was realized
 * @param policy the policy the decision was taken with (calibrated profile; spot disabled while lost)
 * @param running what the cluster ran before the cycle
 * @param after what runs after it: the decided plan under ENFORCE, {@code running} under RECOMMEND
 * @param decision the decision (plan, reason, predictions, frontier)
 * @param actuations what the realizer changed (empty under RECOMMEND or when nothing differed)
 * @param observation what the metrics said; empty when they were unavailable
 * @param metricsFailure why the metrics were unavailable
 * @param costs the cost model at the resolved price; empty without a price
 * @param budget how {@code after} uses the budget at the observed token rate
 * @param slo observed latency against the objectives
 * @param spotWanted the policy enables spot
 * @param spot spot availability, judged when spot is wanted or spot replicas run
 * @param spotWasHealthy spot was usable at the previous cycle
 * @param calibration the calibration fit after this cycle's points
 */
public record CycleReport(
    String policyKey,
    Instant at,
    Mode mode,
    CostPolicy policy,
    Plan running,
    Plan after,
    Decision decision,
    List<Actuation> actuations,
    Optional<Observation> observation,
    Optional<MetricsUnavailableException> metricsFailure,
    Optional<CostModel> costs,
    Optional<BudgetUse> budget,
    SloCheck slo,
    boolean spotWanted,
    Optional<SpotAvailability> spot,
    boolean spotWasHealthy,
    ProfileCalibration.Report calibration,
    Optional<Adjustment> feedback) {

  public CycleReport {
    actuations = List.copyOf(actuations);
    feedback = feedback == null ? Optional.empty() : feedback;
  }

  public boolean enforced() {
    return mode == Mode.ENFORCE;
  }

  /** Replicas (or the HPA bounds that own them) were written. */
  public boolean replicasChanged() {
    return actuations.stream().anyMatch(a -> a.kind() == Actuation.Kind.REPLICAS);
  }

  public boolean batchChanged() {
    return actuations.stream().anyMatch(a -> a.kind() == Actuation.Kind.BATCH);
  }

  /** Spot became unusable in this cycle. */
  public boolean spotLost() {
    return spotWanted && spot.isPresent() && !spot.get().healthy() && spotWasHealthy;
  }

  /** Spot became usable again in this cycle. */
  public boolean spotRestored() {
    return spotWanted && spot.isPresent() && spot.get().healthy() && !spotWasHealthy;
  }
}
