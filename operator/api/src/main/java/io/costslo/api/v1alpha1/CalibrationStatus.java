package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The replica model's iteration-time coefficients as fitted online and blended with the built-in prior. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CalibrationStatus {
  /** Points the fit used (one per pod per window). */
  public Integer samples;
  /** Whether the fit was used; false when too few points or an implausible slope. */
  public Boolean applied;
  public String reason;
  public String baseIterationTime;
  public String perSequenceTime;
  public String perPrefillTokenTime;
  /** RFC 3339 time of the last fit. */
  public String fittedAt;
}
