package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** CostSLO's half of the policy: what it saw, what it decided, and whether the objectives hold. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InferenceCostPolicyStatus {
  @JsonPropertyDescription("The spec generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Ready, MetricsAvailable, SLOMet, WithinBudget, SpotAvailable.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Figures read from the serving metrics, with when they were taken.")
  public ObservedFigures observed;

  @JsonPropertyDescription("The plan the workload runs now.")
  public PlanStatus currentPlan;

  @JsonPropertyDescription("The plan CostSLO chose, with its reason and predicted effect. In Enforce mode it is applied.")
  public PlanStatus recommendedPlan;

  @JsonPropertyDescription("The few cheapest points of the cost-latency frontier, cheapest first.")
  public List<FrontierPointStatus> frontier;

  @JsonPropertyDescription("Online calibration of the replica performance model.")
  public CalibrationStatus calibration;

  @JsonPropertyDescription("State of the stability rules (scale-down window, batch change interval).")
  public StabilityStatus stability;

  @JsonPropertyDescription("When the scaling cycle last decided; decisions are at least reconcileInterval apart.")
  public String lastDecisionTime;

  @JsonPropertyDescription("When CostSLO last changed the workload's replicas.")
  public String lastScaleTime;

  @JsonPropertyDescription("When CostSLO last changed the batch cap.")
  public String lastBatchChangeTime;

  @JsonPropertyDescription("The spot companion Deployment and spot health.")
  public SpotStatus spot;

  @JsonPropertyDescription("Set when a HorizontalPodAutoscaler owns the target's replicas: CostSLO sets its bounds, never the replicas.")
  public HpaStatus hpa;

  @JsonPropertyDescription("The cost quota that constrains this policy, and the allowance it gives.")
  public QuotaRefStatus quota;

  @JsonPropertyDescription("The GPU prices the plan was costed at, and where they come from.")
  public PriceStatus price;

  @JsonPropertyDescription("The latest decisions, oldest first.")
  public List<DecisionRecordStatus> history;

  @JsonPropertyDescription("The closed loop: predicted vs observed latency, corrections learnt, error budget, demand, forecast.")
  public FeedbackStatus feedback;
}
