package io.costslo.sim.engine;

/**
 * Outcome of one controller on one workload. Latency figures follow one definition (see
 * {@code MetricsRecorder}): TTFT per request, ITL per token gap (vLLM's inter_token_latency_seconds).
 *
 * @param controller controller name
 * @param totalUsd billed for the whole run: the fleet is billed for as long as it serves, past the
 *     workload's horizon until the last request finishes (or the hard stop, 2 h after the horizon)
 * @param gpuHours GPU-hours billed, same span
 * @param usdPerMillionTokens totalUsd over completed output tokens, per million (CPT)
 * @param requests requests in the workload
 * @param completed requests that completed
 * @param dropped requests lost mid-way (spot reclaim, drain past its grace) or unfinished at the hard stop
 * @param outputTokens output tokens of completed requests
 * @param ttftAttainment share of all requests whose TTFT met the objective (refused and dropped ones miss)
 * @param itlAttainment share of all token gaps within the ITL objective
 * @param ttftP50Seconds median TTFT over requests that got a first token
 * @param ttftP99Seconds p99 TTFT, same requests
 * @param itlP50Seconds median gap between consecutive tokens, over all tokens
 * @param itlP99Seconds p99 gap between consecutive tokens, over all tokens
 * @param scaleEvents plan changes that changed a replica count
 * @param rollouts plan changes that changed the batch cap (rolling restarts)
 * @param preemptions spot replicas reclaimed (individually or in an outage)
 * @param spotOutages correlated spot outages that started within the horizon
 * @param generatedTokens tokens the replicas emitted, completed and dropped requests together
 * @param droppedGeneratedTokens tokens emitted for requests later dropped
 * @param series time series for charts
 * @param refused requests that can never run (prompt + output exceed one replica's KV cache); never
 *     silently dropped: they count against every attainment figure
 * @param kvPreemptions running requests preempted for KV-cache space (recomputed later)
 * @param windowAttainment share of 5-minute windows meeting both objectives at the policy's percentile
 *     (TTFT over the window's requests, ITL over its tokens): a stricter, per-window figure shown beside
 *     the policy's {@link #attainment()}
 * @param windows 5-minute windows judged
 * @param runHours simulated time the run lasted (the horizon, or longer while requests were served)
 * @param setting the controller's searched or derived setting (empty if none)
 */
public record RunResult(
    String controller,
    double totalUsd,
    double gpuHours,
    double usdPerMillionTokens,
    int requests,
    int completed,
    int dropped,
    long outputTokens,
    double ttftAttainment,
    double itlAttainment,
    double ttftP50Seconds,
    double ttftP99Seconds,
    double itlP50Seconds,
    double itlP99Seconds,
    int scaleEvents,
    int rollouts,
    int preemptions,
    int spotOutages,
    long generatedTokens,
    long droppedGeneratedTokens,
    Series series,
    int refused,
    int kvPreemptions,
    double windowAttainment,
    int windows,
    double runHours,
    String setting) {

  /** The same figures under another controller name and setting (a search's probe reported as its result). */
  public RunResult relabelled(String name, String newSetting) {
    return new RunResult(name, totalUsd, gpuHours, usdPerMillionTokens, requests, completed, dropped, outputTokens,
        ttftAttainment, itlAttainment, ttftP50Seconds, ttftP99Seconds, itlP50Seconds, itlP99Seconds, scaleEvents,
        rollouts, preemptions, spotOutages, generatedTokens, droppedGeneratedTokens, series, refused, kvPreemptions,
        windowAttainment, windows, runHours, newSetting);
  }

  /**
   * The policy's attainment, one definition everywhere (simulator, operator, error budget): the
   * smaller of the share of requests whose TTFT met the objective (refused and dropped ones miss)
   * and the share of token gaps within the ITL objective. vLLM's TTFT and inter-token histograms
   * give the two shares separately, so each is judged on its own; this is what the operator measures
   * over its window and what {@code objectives.attainment} is compared with.
   */
  public double attainment() {
    return Math.min(ttftAttainment, itlAttainment);
  }

  /**
   * Whether the run's {@link #attainment()} reaches {@code required} (the policy's
   * {@code objectives.attainment}): the report's pass/fail mark and every search's criterion.
   */
  public boolean meets(double required) {
    return meets(ttftAttainment, itlAttainment, required);
  }

  /** The SLO verdict from the two shares within the objectives, as {@link #meets(double)} gives it. */
  static boolean meets(double ttftShare, double itlShare, double required) {
    return Math.min(ttftShare, itlShare) >= required - 1e-12;
  }

  /**
   * Samples at a fixed interval.
   *
   * @param timeSeconds sample times
   * @param onDemandReady ready on-demand replicas
   * @param spotReady ready spot replicas
   * @param notReady replicas starting, pending or draining
   * @param usdPerHour billing rate at the sample
   * @param cumulativeUsd spend so far
   * @param ttftP50 median TTFT of first tokens since the previous sample (NaN if none)
   * @param ttftP99 p99 TTFT, same requests
   * @param itlP99 p99 gap between tokens emitted since the previous sample
   * @param batchCap desired batch cap
   */
  public record Series(double[] timeSeconds, int[] onDemandReady, int[] spotReady, int[] notReady, double[] usdPerHour,
      double[] cumulativeUsd, double[] ttftP50, double[] ttftP99, double[] itlP99, int[] batchCap) {}
}
