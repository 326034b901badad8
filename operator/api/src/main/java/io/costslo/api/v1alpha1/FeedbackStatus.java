package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * The closed loop: what the model predicted at the plan that ran against what was observed, the
 * corrections learnt from it, the error budget, demand and forecast; and the memory the loop keeps
 * across cycles (so a restarted operator carries on with what it learnt).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FeedbackStatus {
  @JsonPropertyDescription("The loop's state in one line.")
  public String summary;
  @JsonPropertyDescription("The model's TTFT at the percentile for the plan and load that ran.")
  public String predictedTtft;
  @JsonPropertyDescription("The measured TTFT at the percentile.")
  public String observedTtft;
  @JsonPropertyDescription("The model's ITL at the percentile for the plan and load that ran.")
  public String predictedItl;
  @JsonPropertyDescription("The measured ITL at the percentile.")
  public String observedItl;
  @JsonPropertyDescription("Observed / predicted TTFT learnt so far (1: the model is trusted as it is).")
  public Double ttftFactor;
  @JsonPropertyDescription("Observed / predicted ITL learnt so far.")
  public Double itlFactor;
  @JsonPropertyDescription("Observed / modelled throughput of one replica at capacity.")
  public Double capacityFactor;
  @JsonPropertyDescription("Multiplier on the model's latency tail learnt from the measured attainment (1: the tail as modelled).")
  public Double tailFactor;
  @JsonPropertyDescription("Cycles that taught the factors since the workload last changed.")
  public Integer samples;
  @JsonPropertyDescription("Settled windows that taught tailFactor (not reset by rate changes); a tail factor below 1 is planned with only after several.")
  public Integer tailSamples;
  @JsonPropertyDescription("Observed persistent miss share / the prompt-length prior of misses no fleet size prevents (1: the prior as estimated).")
  public Double irreducibleFactor;
  @JsonPropertyDescription("Lightly loaded windows that taught irreducibleFactor (0: the prior, unconfirmed).")
  public Integer irreducibleSamples;
  public Double referenceRate;
  public Double referencePromptTokens;
  @JsonPropertyDescription("Objective multiplier from the error budget: below 1 buys headroom, above 1 spends unused budget.")
  public Double headroom;
  @JsonPropertyDescription("Error-budget burn rate over the short window (5m); 1 spends the budget exactly.")
  public Double burnRateShort;
  @JsonPropertyDescription("Error-budget burn rate over the long window (1h).")
  public Double burnRateLong;
  @JsonPropertyDescription("Demand the plan was sized for, requests per second (arrivals or completions plus queue growth, plus backlog).")
  public Double demandRequestsPerSecond;
  @JsonPropertyDescription("Forecast peak request rate over the cold-start horizon, when the forecast is trusted.")
  public Double forecastRequestsPerSecond;

  /** Error budget memory: one bucket per minute, oldest first. */
  public List<BudgetBucket> budgetBuckets;
  public String budgetLastRecorded;
  public String queueSeenAt;
  public Double queueWaiting;
  /** Forecast memory (Holt-Winters level, trend and one seasonal term per bucket). */
  public Long forecastOpenBucket;
  public Double forecastOpenSum;
  public Integer forecastOpenCount;
  public Double forecastLevel;
  public Double forecastTrend;
  public List<Double> forecastSeasonal;
  public Long forecastClosedBuckets;
  public Double forecastRecentError;

  /** Requests seen and missed in one minute of the error budget. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class BudgetBucket {
    public Long start;
    public Double requests;
    public Double missed;

    public BudgetBucket() {}

    public BudgetBucket(Long start, Double requests, Double missed) {
      this.start = start;
      this.requests = requests;
      this.missed = missed;
    }
  }
}
