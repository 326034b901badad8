package io.costslo.app.metrics;

/** CamelCase reasons carried by MetricsUnavailableException; they become condition reasons. */
public final class MetricsReasons {
  /** Prometheus could not be reached (refused, timed out, TLS failure). */
  public static final String PROMETHEUS_UNREACHABLE = "PrometheusUnreachable";
  /** Prometheus answered but with an error status or a body that is not its API. */
  public static final String PROMETHEUS_QUERY_FAILED = "PrometheusQueryFailed";
  /** A figure has no series / no sample for the target, or there are no ready pods. */
  public static final String NO_DATA = "NoData";
  /** The newest sample is older than the allowed age. */
  public static final String STALE_METRICS = "StaleMetrics";
  /** A figure is NaN or infinite. */
  public static final String NOT_A_NUMBER = "NotANumber";
  /** Figures that cannot all be true: negative rates or counts, KV usage outside 0..1. */
  public static final String CONTRADICTORY_METRICS = "ContradictoryMetrics";
  /** A pod's /metrics did not answer, answered non-200, or was not valid exposition text. */
  public static final String POD_SCRAPE_FAILED = "PodScrapeFailed";
  /** A counter went down between two scrapes of a pod: the process restarted. */
  public static final String COUNTER_RESET = "CounterReset";
  /** Readings no real engine produces: falling histogram buckets, +Inf bucket != _count, impossible token rates. */
  public static final String IMPLAUSIBLE_METRICS = "ImplausibleMetrics";

  private MetricsReasons() {}
}
