package io.costslo.sim.engine;

/**
 * Outcome of one controller on one workload.
 *
 * @param controller controller name
 * @param totalUsd billed over the workload's horizon
 * @param gpuHours GPU-hours billed over the horizon
 * @param usdPerMillionTokens totalUsd over completed output tokens, per million
 * @param requests requests in the workload
 * @param completed requests that completed
 * @param dropped requests that did not (preempted or drained mid-generation, or larger than the KV cache)
 * @param outputTokens output tokens of completed requests
 * @param ttftAttainment share of all requests whose TTFT met the objective (dropped ones miss)
 * @param itlAttainment share of all requests whose mean ITL met the objective (dropped ones miss)
 * @param ttftP50Seconds median TTFT over completed requests
 * @param ttftP99Seconds p99 TTFT over completed requests
 * @param itlP50Seconds median per-request mean ITL
 * @param itlP99Seconds p99 per-request mean ITL
 * @param scaleEvents plan changes that changed a replica count
 * @param rollouts plan changes that changed the batch cap (rolling restarts)
 * @param preemptions spot replicas reclaimed (individually or in an outage)
 * @param spotOutages correlated spot outages that started within the horizon
 * @param generatedTokens tokens the replicas emitted, completed and dropped requests together
 * @param droppedGeneratedTokens tokens emitted for requests later dropped
 * @param series time series for charts
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
    Series series) {

  /**
   * Samples at a fixed interval.
   *
   * @param timeSeconds sample times
   * @param onDemandReady ready on-demand replicas
   * @param spotReady ready spot replicas
   * @param notReady replicas starting, pending or draining
   * @param usdPerHour billing rate at the sample
   * @param cumulativeUsd spend so far
   * @param ttftP50 median TTFT of requests completed since the previous sample (NaN if none)
   * @param ttftP99 p99 TTFT, same requests
   * @param itlP99 p99 per-request mean ITL, same requests
   * @param batchCap desired batch cap
   */
  public record Series(double[] timeSeconds, int[] onDemandReady, int[] spotReady, int[] notReady, double[] usdPerHour,
      double[] cumulativeUsd, double[] ttftP50, double[] ttftP99, double[] itlP99, int[] batchCap) {}
}
