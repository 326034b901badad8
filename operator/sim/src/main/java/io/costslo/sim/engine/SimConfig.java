package io.costslo.sim.engine;

import java.time.Duration;

/**
 * Physics of the simulated cluster, shared by every controller in a comparison.
 *
 * @param coldStart time from creating a replica to it serving (node provisioning, image pull,
 *     model load); 3 min by default, a typical figure for an 8B model on a warm node pool
 * @param spotPreemptionsPerReplicaHour Poisson rate of individual spot reclaims per spot replica-hour
 * @param spotOutagesPerDay Poisson rate of correlated events that reclaim all spot capacity at once
 * @param spotOutageDuration how long no spot capacity can be obtained after such an event
 * @param maxPrefillTokensPerStep tokens one step may compute (vLLM {@code --max-num-batched-tokens}):
 *     in chunked mode decode tokens and prefill chunks together, in prefill-first mode whole prompts
 *     (at least one is always admitted, so a long prompt cannot block)
 * @param drainGrace how long a replica being removed may finish its running requests before the rest
 *     are dropped (terminationGracePeriodSeconds)
 * @param maxSurge rolling-update surge as a fraction of the replica count (at least one); the
 *     rollout never takes a serving replica away before its replacement is ready (maxUnavailable 0)
 * @param sampleInterval spacing of the time series in the report
 * @param scheduler how an engine builds its steps ({@link SchedulerMode})
 * @param maxRunSteps most decode steps simulated as one event (1 turns event skipping off: the tests'
 *     step-by-step reference)
 */
public record SimConfig(
    Duration coldStart,
    double spotPreemptionsPerReplicaHour,
    double spotOutagesPerDay,
    Duration spotOutageDuration,
    int maxPrefillTokensPerStep,
    Duration drainGrace,
    double maxSurge,
    Duration sampleInterval,
    SchedulerMode scheduler,
    long maxRunSteps) {

  public SimConfig {
    if (scheduler == null || maxRunSteps < 1) {
      throw new IllegalArgumentException("scheduler must be set and maxRunSteps >= 1");
    }
    if (coldStart.isNegative() || spotOutageDuration.isNegative() || drainGrace.isNegative()) {
      throw new IllegalArgumentException("durations must be non-negative");
    }
    if (spotPreemptionsPerReplicaHour < 0 || spotOutagesPerDay < 0 || maxPrefillTokensPerStep < 1 || maxSurge < 0
        || sampleInterval.isZero() || sampleInterval.isNegative()) {
      throw new IllegalArgumentException("invalid simulator settings");
    }
  }

  /** The settings before the scheduler was a choice: chunked prefill, event skipping on. */
  public SimConfig(Duration coldStart, double spotPreemptionsPerReplicaHour, double spotOutagesPerDay,
      Duration spotOutageDuration, int maxPrefillTokensPerStep, Duration drainGrace, double maxSurge,
      Duration sampleInterval) {
    this(coldStart, spotPreemptionsPerReplicaHour, spotOutagesPerDay, spotOutageDuration, maxPrefillTokensPerStep,
        drainGrace, maxSurge, sampleInterval, SchedulerMode.CHUNKED_PREFILL, Long.MAX_VALUE);
  }

  /**
   * Defaults: 3 min cold start; 0.01 spot preemptions per replica-hour (AWS Spot Advisor lists GPU
   * instance interruption frequencies from "<5%" to ">20%" per month; 0.01/h is ~7 per month, a
   * pessimistic choice); one correlated spot outage per two days lasting 30 min; vLLM V1's chunked
   * prefill with its API-server budget of 8192 tokens per step on 80 GB GPUs (vLLM 0.8+ engine-argument
   * defaults; 2048 on smaller GPUs); 10 min drain; 25% surge (the Deployment default).
   */
  public static SimConfig defaults() {
    return new SimConfig(Duration.ofMinutes(3), 0.01, 0.5, Duration.ofMinutes(30), 8192, Duration.ofMinutes(10),
        0.25, Duration.ofMinutes(1));
  }

  public SimConfig withColdStart(Duration d) {
    return new SimConfig(d, spotPreemptionsPerReplicaHour, spotOutagesPerDay, spotOutageDuration,
        maxPrefillTokensPerStep, drainGrace, maxSurge, sampleInterval, scheduler, maxRunSteps);
  }

  public SimConfig withSpot(double preemptionsPerReplicaHour, double outagesPerDay, Duration outageDuration) {
    return new SimConfig(coldStart, preemptionsPerReplicaHour, outagesPerDay, outageDuration, maxPrefillTokensPerStep,
        drainGrace, maxSurge, sampleInterval, scheduler, maxRunSteps);
  }

  public SimConfig withMaxPrefillTokensPerStep(int tokens) {
    return new SimConfig(coldStart, spotPreemptionsPerReplicaHour, spotOutagesPerDay, spotOutageDuration, tokens,
        drainGrace, maxSurge, sampleInterval, scheduler, maxRunSteps);
  }

  public SimConfig withSampleInterval(Duration d) {
    return new SimConfig(coldStart, spotPreemptionsPerReplicaHour, spotOutagesPerDay, spotOutageDuration,
        maxPrefillTokensPerStep, drainGrace, maxSurge, d, scheduler, maxRunSteps);
  }

  /** The engine's scheduler mode and token budget per step. */
  public SimConfig withScheduler(SchedulerMode mode, int maxNumBatchedTokens) {
    return new SimConfig(coldStart, spotPreemptionsPerReplicaHour, spotOutagesPerDay, spotOutageDuration,
        maxNumBatchedTokens, drainGrace, maxSurge, sampleInterval, mode, maxRunSteps);
  }

  /** At most this many decode steps per event (1 = no event skipping). */
  public SimConfig withMaxRunSteps(long steps) {
    return new SimConfig(coldStart, spotPreemptionsPerReplicaHour, spotOutagesPerDay, spotOutageDuration,
        maxPrefillTokensPerStep, drainGrace, maxSurge, sampleInterval, scheduler, steps);
  }
}
