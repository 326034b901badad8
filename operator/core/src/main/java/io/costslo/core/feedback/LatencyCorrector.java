package io.costslo.core.feedback;

import io.costslo.core.units.Durations;
import io.costslo.core.load.Load;
import io.costslo.core.metrics.Observation;
import io.costslo.core.model.LatencyPrediction;
import java.time.Duration;
import java.util.Optional;

/**
 * Learns, per figure (TTFT, ITL), how far the latency model is from what the fleet really shows:
 * factor = observed percentile / the model's prediction at the plan and load that produced it, as
 * NVIDIA Dynamo's SLA planner corrects its profiled curves. Predictions are multiplied by the factor
 * before a plan is chosen.
 *
 * <ul>
 *   <li>Smoothed as an exponentially weighted mean of log ratios, so a 2x miss and a 0.5x one
 *       weigh the same and one noisy window moves the factor only part of the way.
 *   <li>Bounded (default [0.7, 8]): the model is wrong, but not by more than that; the bound keeps a
 *       broken scrape from sending the fleet to replicas.max or to its minimum.
 *   <li>Decays toward 1 when the workload changes (request rate or mean prompt length moves by more
 *       than {@code shiftRatio} from what the factor was learnt at): the error learnt on one shape of
 *       traffic need not hold on another.
 *   <li>Learns nothing from windows without traffic, without an observed figure, or where the model
 *       saturates (there is no finite ratio to learn).
 * </ul>
 */
public final class LatencyCorrector {

  /**
   * @param smoothing weight of the newest log ratio, (0, 1]
   * @param minFactor lower bound on a factor, (0, 1]
   * @param maxFactor upper bound on a factor, >= 1
   * @param shiftRatio a rate or prompt-length change beyond this ratio is a new workload, > 1
   * @param keepOnShift share of the log factor kept on a workload change, [0, 1]
   * @param tolerance predicted and observed disagree when their ratio leaves [1/(1+t), 1+t], > 0
   */
  public record Options(
      double smoothing, double minFactor, double maxFactor, double shiftRatio, double keepOnShift, double tolerance) {
    public Options {
      if (!(smoothing > 0 && smoothing <= 1)) {
        throw new IllegalArgumentException("correction smoothing must be in (0, 1], got " + smoothing);
      }
      if (!(minFactor > 0 && minFactor <= 1) || !(maxFactor >= 1) || Double.isInfinite(maxFactor)) {
        throw new IllegalArgumentException("correction bounds must satisfy 0 < min <= 1 <= max, got [" + minFactor
            + ", " + maxFactor + "]");
      }
      if (!(shiftRatio > 1)) {
        throw new IllegalArgumentException("correction shiftRatio must be > 1, got " + shiftRatio);
      }
      if (!(keepOnShift >= 0 && keepOnShift <= 1)) {
        throw new IllegalArgumentException("correction keepOnShift must be in [0, 1], got " + keepOnShift);
      }
      if (!(tolerance > 0)) {
        throw new IllegalArgumentException("correction tolerance must be > 0, got " + tolerance);
      }
    }

    /** Factors in [0.7, 8], half of each new log ratio, halved on a 1.5x workload shift, 25% tolerance. */
    public static Options defaults() {
      return new Options(0.5, 0.7, 8.0, 1.5, 0.5, 0.25);
    }
  }

  /** How fast a learnt capacity factor returns to 1 outside saturation. */
  public static final Duration CAPACITY_HALF_LIFE = Duration.ofMinutes(10);

  private final Options options;

  public LatencyCorrector(Options options) {
    this.options = options;
  }

  public Options options() {
    return options;
  }

  /**
   * The state after one window.
   *
   * @param state what was learnt so far
   * @param observed the window, with the observed percentiles and the load that produced them
   * @param predicted the model's (uncorrected) prediction at the plan that ran, at that load
   */
  public CorrectionState learn(CorrectionState state, Observation observed, LatencyPrediction predicted) {
    Load load = observed.load();
    double rate = load.rate().value();
    double prompt = load.input().mean();
    if (!(rate > 0)) {
      return state;
    }
    double rTtft = ratio(observed.ttft(), predicted.ttftMillis(), predicted.saturated());
    double rItl = ratio(observed.itl(), predicted.itlMillis(), predicted.saturated());
    if (!Double.isFinite(rTtft) && !Double.isFinite(rItl)) {
      return state; // nothing to learn from, and no evidence about the workload's shape either
    }
    double logTtft = Math.log(state.ttftFactor());
    double logItl = Math.log(state.itlFactor());
    int samples = state.samples();
    double capacity = state.capacityFactor();
    double tail = state.tailFactor();
    double refRate = state.referenceRate();
    double refPrompt = state.referencePromptTokens();
    if (samples == 0 || refRate <= 0) {
      refRate = rate;
      refPrompt = prompt;
    } else if (shifted(rate, refRate) || shifted(prompt, refPrompt)) {
      logTtft *= options.keepOnShift();
      logItl *= options.keepOnShift();
      capacity = Math.exp(Math.log(capacity) * options.keepOnShift());
      tail = Math.exp(Math.log(tail) * options.keepOnShift());
      samples = 0;
      refRate = rate;
      refPrompt = prompt;
    }
    double a = options.smoothing();
    if (Double.isFinite(rTtft)) {
      logTtft = (1 - a) * logTtft + a * Math.log(rTtft);
    }
    if (Double.isFinite(rItl)) {
      logItl = (1 - a) * logItl + a * Math.log(rItl);
    }
    samples++;
    // The reference follows slow drift, so only a real change of workload counts as a shift.
    refRate = (1 - a) * refRate + a * rate;
    refPrompt = (1 - a) * refPrompt + a * prompt;
    return new CorrectionState(bound(Math.exp(logTtft)), bound(Math.exp(logItl)), samples, refRate, refPrompt,
        capacity, tail, state.irreducibleFactor(),
        state.irreducibleSamples(), state.tailSamples());
  }

  /**
   * Learns the replica's real throughput at capacity. A saturated window (every replica ready, a
   * queue that is not draining) shows it: completions per ready replica over the model's maximum.
   * Any other window shows a lower bound, which raises the factor if the fleet already did better.
   * Bounded to [1/4, 2]; this is what the latency factors cannot learn, since the model's latency
   * is infinite past its own capacity.
   *
   * <p>Outside saturation the factor also relaxes toward 1 with a half-life of
   * {@link #CAPACITY_HALF_LIFE}: a saturated window can understate capacity (replicas that became
   * ready late in it), and nothing else would ever correct it upward until the fleet is loaded again.
   *
   * @param modelledPerReplica the model's maximum request rate of one replica at the observed lengths and cap
   * @param saturated whether the window shows the fleet at capacity
   * @param sinceLast time since the previous cycle (for the relaxation)
   */
  public CorrectionState learnCapacity(CorrectionState state, Observation observed, double modelledPerReplica,
      boolean saturated, Duration sinceLast) {
    if (!(modelledPerReplica > 0) || observed.readyPods() < 1 || !(observed.load().rate().value() > 0)) {
      return state;
    }
    double ratio = observed.load().rate().value() / observed.readyPods() / modelledPerReplica;
    double factor = state.capacityFactor();
    if (saturated) {
      double a = options.smoothing();
      factor = Math.exp((1 - a) * Math.log(factor) + a * Math.log(ratio));
    } else {
      double halfLives = Durations.seconds(sinceLast) / Durations.seconds(CAPACITY_HALF_LIFE);
      factor = Math.exp(Math.log(factor) * Math.pow(0.5, Math.max(0.0, halfLives)));
      factor = Math.max(factor, ratio);
    }
    return state.withCapacityFactor(Math.max(0.25, Math.min(2.0, factor)));
  }

  /** Predicted vs observed at the plan that ran; the flag uses this options' tolerance. */
  public Disagreement disagreement(Observation observed, LatencyPrediction predicted) {
    double rTtft = ratio(observed.ttft(), predicted.ttftMillis(), predicted.saturated());
    double rItl = ratio(observed.itl(), predicted.itlMillis(), predicted.saturated());
    double hi = 1 + options.tolerance();
    boolean beyond = outside(rTtft, hi) || outside(rItl, hi);
    return new Disagreement(predicted.ttft(), observed.ttft(), predicted.itl(), observed.itl(), rTtft, rItl, beyond);
  }

  private static boolean outside(double r, double hi) {
    return Double.isFinite(r) && (r > hi || r < 1 / hi);
  }

  private double bound(double factor) {
    return Math.max(options.minFactor(), Math.min(options.maxFactor(), factor));
  }

  private boolean shifted(double now, double reference) {
    if (reference <= 0 || now <= 0) {
      return reference != now;
    }
    return Math.max(now / reference, reference / now) > options.shiftRatio();
  }

  /** observed / predicted, or NaN when either is unknown or unbounded. */
  private static double ratio(Optional<Duration> observed, double predictedMillis, boolean saturated) {
    if (observed.isEmpty() || saturated || !(predictedMillis > 0) || Double.isInfinite(predictedMillis)) {
      return Double.NaN;
    }
    double obs = Durations.seconds(observed.get()) * 1000.0;
    return obs > 0 ? obs / predictedMillis : Double.NaN;
  }
}
