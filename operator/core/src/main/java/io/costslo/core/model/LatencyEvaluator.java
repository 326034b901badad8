package io.costslo.core.model;

import io.costslo.core.load.Load;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * {@link LatencyModel#predict} at one profile, load and percentile, for many (replicas, cap, chunk)
 * cells: the optimizer evaluates thousands per decision. The model is {@link LatencyModel}'s (its
 * class comment); this class only computes it once per term:
 * <ul>
 *   <li>terms of the load alone (token lengths, per-token costs, the prompt length and z at p, the
 *       prompts' variation) once, not per cell;
 *   <li>the slot wait (Erlang C: a loop over the cap, the costliest term) and the decodes beside a
 *       prefill depend on the replicas and the effective cap but not on the chunk, so they are kept
 *       per (effective cap, replicas) and shared by every chunk of a cap (and by caps the KV cache
 *       cuts to the same one);
 *   <li>the prefill stall's search (a bisection of log-normal tails, next costliest) depends on the
 *       chunk and the replicas but not on the cap, which only sets the floor it is compared with, so
 *       its outcome is kept per (chunk, replicas) and shared by every cap of a chunk.
 * </ul>
 * Every figure is computed by the same expressions in the same order as one call would, so a cell's
 * prediction is bit for bit what {@code LatencyModel.predict} returns (LatencyEvaluatorTest checks it).
 * Not thread-safe (the memo); one per decision.
 */
public final class LatencyEvaluator {
  /** Replica counts up to this are memoised (arrays); above, terms are computed per cell. */
  private static final int MEMO_REPLICAS = 4096;

  private final ReplicaProfile profile;
  private final Load load;
  private final double percentile;
  private final double rate;
  private final double in;
  private final double out;
  private final int kvCap;
  private final double base;
  private final double perSeq;
  private final double perTok;
  private final double promptAtP;
  private final double ownPromptSeconds;
  private final double z;
  private final double inputVariation;
  private final double burstiness;
  /** Per effective cap, the slot wait at p by replicas. */
  private final KeyedMemo waits = new KeyedMemo(1, MEMO_REPLICAS);
  /** The first this many wait slots hold the caps told at construction, ascending: filled by one recursion. */
  private final int chainCaps;
  private double[] besideByReplicas = new double[0];
  /** Per replica count, the share of prefill-busy time an arrival meets ({@link LeastLoadedRouting#routedBusyShare}). */
  private double[] routedByReplicas = new double[0];
  /** Per chunk (-1: none), the stall search's outcome by replicas (PrefillStall.search): tokens, most. */
  private final KeyedMemo stalls = new KeyedMemo(2, MEMO_REPLICAS);
  private final double[] found = new double[2];

  public LatencyEvaluator(ReplicaProfile profile, Load load, double percentile) {
    this(profile, load, percentile, new int[0]);
  }

  /**
   * As above, told the batch caps the cells will ask for: the Erlang B recursion of a replica count is
   * then run once, to the largest of them, and read at each (its terms do not depend on the servers).
   */
  public LatencyEvaluator(ReplicaProfile profile, Load load, double percentile, int[] batchCaps) {
    LatencyModel.checkPercentile(percentile);
    this.profile = profile;
    this.load = load;
    this.percentile = percentile;
    this.rate = load.rate().value();
    this.in = load.input().mean();
    this.out = Math.max(1.0, load.output().mean());
    this.kvCap = LatencyModel.kvFit(profile, load);
    this.base = profile.baseMillis() / 1000.0;
    // Context terms folded in at the mean: a decoding sequence holds in + out/2 tokens on average,
    // and a whole prompt of `in` tokens costs its attention pairs spread over its tokens.
    this.perSeq = profile.decodeMillisPerSequence(in + out / 2) / 1000.0;
    this.perTok = profile.prefillMillisPerToken(in) / 1000.0;
    this.promptAtP = LatencyModel.promptLengthAt(load.input(), percentile);
    this.ownPromptSeconds = profile.prefillMillisPerToken(promptAtP) / 1000.0 * promptAtP;
    this.z = LatencyModel.normalQuantile(percentile);
    this.inputVariation = LatencyModel.squaredVariation(load.input());
    this.burstiness = load.burstiness();
    int[] effective = batchCaps.length == 0 ? batchCaps
        : Arrays.stream(batchCaps).map(c -> Math.min(c, kvCap)).filter(c -> c >= 1).distinct().sorted().toArray();
    for (int c : effective) {
      waits.slot(c);
    }
    this.chainCaps = effective.length;
  }

  /** {@link LatencyModel#predict(ReplicaProfile, Load, int, int, OptionalInt, double)} at this evaluator's profile, load and percentile. */
  public LatencyPrediction predict(int replicas, int batchCap, OptionalInt prefillChunk) {
    if (replicas < 1) {
      if (rate > 0) {
        return LatencyPrediction.saturated(Double.POSITIVE_INFINITY, 0);
      }
      // Scaled to zero with no traffic: report what the first request would see on one idle
      // replica (cold start is not modelled), so latency stays monotone in the replica count.
      replicas = 1;
    }
    if (batchCap < 1) {
      throw new IllegalArgumentException("batchCap must be >= 1, got " + batchCap);
    }
    double lambda = rate / replicas;
    int cap = Math.min(batchCap, kvCap);
    if (cap < 1) {
      return LatencyPrediction.saturated(Double.POSITIVE_INFINITY, 0);
    }
    boolean chunked = prefillChunk.isPresent();
    double full = LatencyModel.fullBatch(cap, in, out, prefillChunk);
    double fullStep = base + perSeq * full + perTok * in * full / out;
    double maxRate = full / (out * fullStep);
    double utilisation = lambda / maxRate;
    if (utilisation >= 1.0) {
      return LatencyPrediction.saturated(utilisation, cap);
    }

    double work = lambda * (perTok * in + perSeq * out);
    double step = base / (1.0 - work);
    double running = lambda * out * step;
    double holding = out * step;
    if (!(step > 0) || running >= cap) {
      return LatencyPrediction.saturated(utilisation, cap); // rounding at the edge of saturation
    }

    // Per prompt token while prompts queue, and extra step overheads of the request's own prompt.
    double queuedPerTok = perTok;
    double ownChunkOverhead = 0.0;
    double room = Double.POSITIVE_INFINITY;
    if (chunked) {
      room = Math.max(1.0, prefillChunk.getAsInt() - running);
      double overhead = base + perSeq * running;
      queuedPerTok = overhead / room + perTok;
      ownChunkOverhead = (Math.ceil(promptAtP / room) - 1.0) * overhead;
      if (lambda * queuedPerTok * in >= 1.0) {
        return LatencyPrediction.saturated(Math.max(utilisation, lambda * queuedPerTok * in), cap);
      }
    }
    double waitP = lambda > 0 ? slotWait(cap, replicas, running, holding) : 0.0;
    // The router's share only matters where the prefill queue alone would wait at p (prefillWaitAt's test).
    double routed = lambda * queuedPerTok * in > 1.0 - percentile
        ? routedAt(replicas, running + lambda * perTok * in, lambda * perTok * in) : 1.0;
    double ttft = waitP * (1.0 + burstiness) / 2.0 + LatencyModel.prefillWaitAt(load, inputVariation, lambda, queuedPerTok,
        percentile, routed) + step + ownChunkOverhead + ownPromptSeconds;

    double runningAtP = Math.min(cap, running + z * Math.sqrt(running));
    // A decode step at the batch's p-quantile, or a step carrying prefill where those hold more than
    // 1-p of the token gaps (PrefillStall).
    double decodeStep = base + perSeq * Math.max(1.0, runningAtP);
    double beside = besideAt(running, replicas);
    double stall = stallSeconds(prefillChunk, replicas, lambda, running, beside, lambda * queuedPerTok * in, room,
        decodeStep);
    double itl = Math.max(decodeStep, stall);

    return new LatencyPrediction(false, ttft * 1000.0, itl * 1000.0, utilisation, running, cap);
  }

  /**
   * The p-quantile wait for a batch slot (M/M/c tail, Erlang C). A function of (cap, replicas) alone
   * at this load, as running and holding are of the replicas; memoised.
   */
  private double slotWait(int cap, int replicas, double running, double holding) {
    double[] memo = null;
    int slot = -1;
    if (replicas <= MEMO_REPLICAS) {
      slot = waits.slot(cap);
      memo = waits.row(0, slot, replicas);
    }
    if (memo != null && !Double.isNaN(memo[replicas])) {
      return memo[replicas];
    }
    if (memo != null && slot < chainCaps) {
      fillWaits(replicas, running, holding);
      return memo[replicas];
    }
    double waitP = 0.0;
    double pWait = LatencyModel.erlangC(cap, running);
    if (pWait > 1.0 - percentile) {
      waitP = holding / (cap - running) * Math.log(pWait / (1.0 - percentile));
    }
    if (memo != null) {
      memo[replicas] = waitP;
    }
    return waitP;
  }

  /**
   * The slot waits of every cap told at construction above {@code running}, at one replica count:
   * {@link LatencyModel#erlangC}'s recursion and early exit step by step, once for all of them, so each
   * value is bit for bit the one a call per cap returns.
   */
  private void fillWaits(int replicas, double running, double holding) {
    double blocking = 1.0;
    int k = 1;
    boolean negligible = !(running > 0); // erlangC's 0 for no load, or its early exit once reached
    for (int slot = 0; slot < chainCaps; slot++) {
      int servers = waits.key(slot);
      double[] memo = waits.row(0, slot, replicas);
      for (; !negligible && k <= servers; k++) {
        blocking = running * blocking / (k + running * blocking);
        if (k > running && blocking < 1e-12) {
          negligible = true;
        }
      }
      if (!(running < servers)) {
        continue; // saturated at this cap: never asked
      }
      double pWait = negligible ? 0.0 : servers * blocking / (servers - running * (1.0 - blocking));
      double waitP = 0.0;
      if (pWait > 1.0 - percentile) {
        waitP = holding / (servers - running) * Math.log(pWait / (1.0 - percentile));
      }
      memo[replicas] = waitP;
    }
  }

  /**
   * {@link PrefillStall#itlSecondsAt}: its search depends on the chunk and the replicas but not on the
   * cap (which only sets the floor), so its outcome is kept per (chunk, replicas) and shared by the caps.
   */
  private double stallSeconds(OptionalInt chunk, int replicas, double lambda, double running, double beside,
      double prefillShare, double room, double floorSeconds) {
    double tokens;
    double most;
    if (replicas <= MEMO_REPLICAS) {
      int slot = stalls.slot(chunk.isPresent() ? chunk.getAsInt() : -1);
      double[] t = stalls.row(0, slot, replicas);
      double[] m = stalls.row(1, slot, replicas);
      if (Double.isNaN(t[replicas])) {
        PrefillStall.search(load, inputVariation, lambda, running, beside, prefillShare, room, percentile, found);
        t[replicas] = found[0];
        m[replicas] = found[1];
      }
      tokens = t[replicas];
      most = m[replicas];
    } else {
      PrefillStall.search(load, inputVariation, lambda, running, beside, prefillShare, room, percentile, found);
      tokens = found[0];
      most = found[1];
    }
    return PrefillStall.itlSeconds(profile, load, beside, tokens, most, floorSeconds);
  }

  /**
   * {@link LeastLoadedRouting#routedBusyShare} at a replica count (the requests and prefill per replica are
   * functions of it at this load); memoised, as it sums a Poisson distribution.
   */
  private double routedAt(int replicas, double outstanding, double prefillBusy) {
    if (replicas > MEMO_REPLICAS) {
      return LeastLoadedRouting.routedBusyShare(replicas, outstanding, prefillBusy);
    }
    routedByReplicas = KeyedMemo.covering(routedByReplicas, replicas, MEMO_REPLICAS);
    double r = routedByReplicas[replicas];
    if (Double.isNaN(r)) {
      r = LeastLoadedRouting.routedBusyShare(replicas, outstanding, prefillBusy);
      routedByReplicas[replicas] = r;
    }
    return r;
  }

  /** Decodes beside a prefill ({@link LeastLoadedRouting#decodesBesidePrefill}): a function of the replicas; memoised. */
  private double besideAt(double running, int replicas) {
    if (replicas > MEMO_REPLICAS) {
      return LeastLoadedRouting.decodesBesidePrefill(running, replicas);
    }
    besideByReplicas = KeyedMemo.covering(besideByReplicas, replicas, MEMO_REPLICAS);
    double b = besideByReplicas[replicas];
    if (Double.isNaN(b)) {
      b = LeastLoadedRouting.decodesBesidePrefill(running, replicas);
      besideByReplicas[replicas] = b;
    }
    return b;
  }
}
