package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

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
  /** Which built-in or inline profile the points were collected against; another one starts over. */
  public String prior;
  /** The points the fit is made from, oldest first (kept here so a restarted operator keeps its calibration). */
  public List<Point> points;

  /** One pod's averages over one window. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Point {
    public Double runningBatch;
    public Double itlSeconds;
    public Double promptTokensPerSecond;
    public Double ttftSeconds;

    public Point() {}

    public Point(Double runningBatch, Double itlSeconds, Double promptTokensPerSecond, Double ttftSeconds) {
      this.runningBatch = runningBatch;
      this.itlSeconds = itlSeconds;
      this.promptTokensPerSecond = promptTokensPerSecond;
      this.ttftSeconds = ttftSeconds;
    }
  }
}
