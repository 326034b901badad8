package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** CostSLO's half of a quota: spend in the period, its projection, and each covered policy's allowance. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CostQuotaStatus {
  @JsonPropertyDescription("The spec generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Ready (the spec is valid), WithinQuota (False while the quota binds or is exhausted).")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("OnTrack, Binding (the policies want more than it allows) or Exhausted (the period limit is spent).")
  public String state;

  @JsonPropertyDescription("Start of the current period (RFC 3339).")
  public String periodStart;

  @JsonPropertyDescription("End of the current period (RFC 3339).")
  public String periodEnd;

  @JsonPropertyDescription("USD spent by the covered policies in the current period.")
  public Double spentUsd;

  @JsonPropertyDescription("USD the period will have cost at its end at the recent burn rate.")
  public Double projectedUsd;

  @JsonPropertyDescription("USD left of the period limit.")
  public Double remainingUsd;

  @JsonPropertyDescription("What the covered policies spend now, USD per hour.")
  public Double usdPerHour;

  @JsonPropertyDescription("Recent burn rate (1 h smoothing), USD per hour.")
  public Double burnUsdPerHour;

  @JsonPropertyDescription("Day-scale average (12 h smoothing) of what the covered policies want, USD per hour; a peak is judged against it.")
  public Double wantedAverageUsdPerHour;

  @JsonPropertyDescription("The rate the quota shares among the policies now, USD per hour; absent without a limit.")
  public Double availableUsdPerHour;

  @JsonPropertyDescription("Output tokens per second of the covered policies.")
  public Double outputTokensPerSecond;

  @JsonPropertyDescription("Average cost per token of the covered policies now, USD per 1M output tokens.")
  public Double usdPerMillionTokens;

  @JsonPropertyDescription("When spend was last counted (RFC 3339).")
  public String lastUpdateTime;

  @JsonPropertyDescription("Each covered policy's allowance, spend and SLO state.")
  public List<QuotaPolicyStatus> policies;
}
