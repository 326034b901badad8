package io.costslo.sim.engine;

/**
 * What a metrics backend would report over one window, as vLLM exposes it: completion rate
 * (vllm:request_success_total), prompt and generation token rates, time-averaged running and
 * waiting requests, KV usage and running/batch-cap per ready pod, and latency percentiles of the
 * requests that completed in the window.
 *
 * @param windowSeconds window length
 * @param completionsPerSecond requests completed per second
 * @param promptTokensPerSecond prompt tokens prefilled per second
 * @param generationTokensPerSecond output tokens generated per second
 * @param meanRunning running requests summed over pods, time-averaged
 * @param meanWaiting waiting requests (queued anywhere), time-averaged
 * @param meanKvUsage KV-cache usage fraction, mean over ready pods, time-averaged
 * @param meanBatchUtilisation running / batch cap, mean over ready pods, time-averaged
 * @param meanReadyPods ready pods, time-averaged
 * @param ttftSeconds TTFT at the requested percentile over requests completed in the window (NaN if none)
 * @param itlSeconds per-token ITL at the percentile over the token gaps in the window, as vLLM's
 *     inter_token_latency_seconds histogram counts them (NaN if none)
 * @param readyPodsNow pods ready at the end of the window
 */
public record WindowStats(
    double windowSeconds,
    double completionsPerSecond,
    double promptTokensPerSecond,
    double generationTokensPerSecond,
    double meanRunning,
    double meanWaiting,
    double meanKvUsage,
    double meanBatchUtilisation,
    double meanReadyPods,
    double ttftSeconds,
    double itlSeconds,
    int readyPodsNow) {}
