package io.costslo.app.metrics;

/**
 * Names of the figures the Prometheus source reads; a policy overrides a query by this name via
 * MetricsQuery.overrides(). Templates may use {selector} (the label matcher, braces included),
 * {window} (e.g. 60s), {quantile} (e.g. 0.99), {namespace} and {deployment}.
 */
public final class QueryNames {
  public static final String REQUEST_RATE = "requestRate";
  public static final String PROMPT_TOKEN_RATE = "promptTokenRate";
  public static final String OUTPUT_TOKEN_RATE = "outputTokenRate";
  public static final String TTFT = "ttft";
  public static final String ITL = "itl";
  public static final String RUNNING = "running";
  public static final String WAITING = "waiting";
  public static final String KV_CACHE_USAGE = "kvCacheUsage";
  public static final String READY_PODS = "readyPods";
  /** Epoch seconds of the newest sample, for the staleness check. */
  public static final String NEWEST_SAMPLE = "newestSample";
  public static final String POD_RUNNING = "podRunning";
  public static final String POD_PROMPT_TOKEN_RATE = "podPromptTokenRate";
  public static final String POD_ITL_MEAN = "podItlMean";
  public static final String POD_TTFT_MEAN = "podTtftMean";
  /** The window's TTFT bucket increases, one series per le: the attainment is read from them. */
  public static final String TTFT_BUCKETS = "ttftBuckets";
  public static final String ITL_BUCKETS = "itlBuckets";
  /** p99 per-request lengths in tokens; no series when the window holds no finished request. */
  public static final String PROMPT_LENGTH_P99 = "promptLengthP99";
  public static final String OUTPUT_LENGTH_P99 = "outputLengthP99";

  private QueryNames() {}
}
