package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObservedFigures {
  public Double requestsPerSecond;
  public Double inputTokensPerSecond;
  public Double outputTokensPerSecond;
  /** TTFT at the objective's percentile, as a duration string. */
  public String ttft;
  /** ITL at the objective's percentile, as a duration string. */
  public String itl;
  public Double runningRequests;
  public Double waitingRequests;
  public Double kvCacheUsage;
  public Integer readyReplicas;
  public Double usdPerHour;
  public Double usdPerMillionTokens;
  /** RFC 3339 time the newest sample was taken. */
  public String takenAt;
}
