package io.costslo.sim.engine;

import java.util.Arrays;

/**
 * What a metrics backend would see of the fleet, and the run's latency record, with one definition
 * of each figure:
 * <ul>
 *   <li><b>TTFT</b> of a request: its first token's time minus its arrival, observed when the first
 *       token is emitted (vLLM's {@code time_to_first_token_seconds}).
 *   <li><b>ITL</b>: every gap between two consecutive tokens of a request, one observation per token
 *       (vLLM's {@code inter_token_latency_seconds}); its percentiles are over tokens, so a stall
 *       counts once per token it delays. A preempted request's gap spans its recompute.
 *   <li>Refused and dropped requests have no TTFT: they count as an infinite one, at the time they are
 *       refused or dropped, in the run's record and its 5-minute windows. The window queries (what the
 *       operator scrapes) see the dropped ones but not the refused: vLLM rejects a prompt longer than its
 *       context at the API, before the engine, so its TTFT histogram never holds it.
 * </ul>
 * Window queries are served from 5 s slots kept for the last 10 minutes; {@link WindowAttainment}
 * judges fixed 5-minute windows, each merged from its slots as it closes.
 */
final class MetricsRecorder {
  static final double SLOT_SECONDS = 5;
  static final int SLOTS = 120;
  private static final double SLOT_PRECISION = 0.02;
  /** Slot and query histograms come from here and go back at the end of the run ({@link #release}). */
  static final HistogramPool POOL = new HistogramPool(SLOT_PRECISION);

  private final Requests q;
  private final long kvCapacity;
  final LatencyHistogram itl = new LatencyHistogram(0.005);
  private final LatencyHistogram[] slotTtft = new LatencyHistogram[SLOTS];
  private final LatencyHistogram[] slotItl = new LatencyHistogram[SLOTS];
  private final long[] slotIndex = new long[SLOTS];
  final WindowAttainment attainment;
  private double now;

  long promptTokens;
  long generationTokens;
  long completedOutputTokens;
  long droppedGeneratedTokens;
  int dropped;
  int refused;
  int kvPreemptions;
  /** Requests that can no longer count as meeting the TTFT objective (late first token, refused, dropped). */
  int ttftMisses;
  /**
   * False for a verdict-only run ({@link Simulator#verdict}): nothing reads the 5 s slots (no window query,
   * no series) or the attainment windows (no result), so neither is kept.
   */
  boolean slotted = true;
  private final double ttftObjective;
  int runningTotal;
  int waitingTotal;
  int readyCount;
  private double kvShareReady;
  private double batchShareReady;
  private double intRunning;
  private double intWaiting;
  private double intKv;
  private double intBatch;
  private double intReady;
  private final Snapshots snapshots = new Snapshots();

  MetricsRecorder(Requests q, long kvCapacity, WindowAttainment attainment, double ttftObjective,
      double itlObjective) {
    this.q = q;
    itl.trackAbove(itlObjective);
    this.ttftObjective = ttftObjective;
    this.kvCapacity = kvCapacity;
    this.attainment = attainment;
    // Slots are made on first use: a short run (a bound's 5-minute probe) needs few of them.
    Arrays.fill(slotIndex, -1);
  }

  // ------------------------------------------------------------------ clock and integrals

  void advance(double t) {
    if (t > now) {
      double dt = t - now;
      intRunning += runningTotal * dt;
      intWaiting += waitingTotal * dt;
      intKv += kvShareReady * dt;
      intBatch += batchShareReady * dt;
      intReady += readyCount * dt;
      now = t;
    }
  }

  double now() {
    return now;
  }

  /** Adds or removes a ready replica's share of KV and batch use from the fleet sums. */
  void contribute(Replica r, int sign) {
    if (r.state != Replica.READY) {
      return;
    }
    kvShareReady += sign * (double) r.kvUsed / kvCapacity;
    batchShareReady += sign * (double) r.running / r.batchCap;
  }

  void ready(int delta) {
    readyCount += delta;
  }

  void moved(int running, int waiting) {
    runningTotal += running;
    waitingTotal += waiting;
  }

  // ------------------------------------------------------------------ observations

  /**
   * Times in [cachedFrom, cachedUntil) fall in the slot last returned: the division below runs once per
   * slot, not per observation. The upper end stays a relative 1e-12 short of the next slot's start, where
   * t / SLOT_SECONDS certainly rounds below it, so the cache answers exactly as the division would.
   */
  private double cachedFrom = 1;
  private double cachedUntil = 0;
  private int cachedSlot;

  private int slot(double t) {
    if (t >= cachedFrom && t < cachedUntil) {
      return cachedSlot;
    }
    long s = (long) Math.floor(t / SLOT_SECONDS);
    int i = (int) (s % SLOTS);
    if (s >= 0 && s < (1L << 40)) {
      cachedFrom = s * SLOT_SECONDS;
      cachedUntil = (s + 1) * SLOT_SECONDS * (1 - 1e-12);
      cachedSlot = i;
    }
    if (slotIndex[i] != s) {
      attainment.closeBefore(s, slotIndex, slotTtft, slotItl);
      slotIndex[i] = s;
      if (slotTtft[i] == null) {
        slotTtft[i] = POOL.take();
        slotItl[i] = POOL.take();
      } else {
        slotTtft[i].clear();
        slotItl[i].clear();
      }
    }
    return i;
  }

  void firstToken(int idx, double t) {
    double v = q.ttft(idx);
    ttftMisses += v <= ttftObjective ? 0 : 1;
    if (slotted) {
      double log = LatencyHistogram.logOf(v); // once for both histograms
      slotTtft[slot(t)].add(v, log, 1);
    }
  }

  void gap(double seconds, long count, double t) {
    if (count <= 0) {
      return;
    }
    double log = LatencyHistogram.logOf(seconds); // once for the three histograms
    itl.add(seconds, log, count);
    if (slotted) {
      slotItl[slot(t)].add(seconds, log, count);
    }
  }

  /** k gaps of first, first+step, ... for each of {@code weight} sequences, observed up to time t. */
  void gapRun(double first, double step, long k, long weight, double t) {
    if (k <= 0 || weight <= 0) {
      return;
    }
    double log = LatencyHistogram.logOf(first); // the first value's, once for the three histograms
    itl.addRun(first, log, step, k, weight);
    if (slotted) {
      slotItl[slot(t)].addRun(first, log, step, k, weight);
    }
  }

  void prompt(long tokens) {
    promptTokens += tokens;
  }

  void generation(long tokens) {
    generationTokens += tokens;
  }

  void completed(int idx) {
    completedOutputTokens += q.output[idx];
    runningTotal--;
  }

  void kvPreemption() {
    kvPreemptions++;
  }

  /** Every request still waiting or running at the run's end counts as dropped (unfinished at the hard stop). */
  void droppedUnfinished(double t) {
    for (int i = 0; i < q.n; i++) {
      if (q.status[i] == Requests.WAITING || q.status[i] == Requests.RUNNING) {
        dropped(i, t, 0);
      }
    }
  }

  void dropped(int idx, double t, long generatedTokens) {
    boolean lateAlready = !Double.isNaN(q.firstToken[idx]) && !(q.ttft(idx) <= ttftObjective);
    ttftMisses += lateAlready ? 0 : 1;
    q.status[idx] = Requests.DROPPED;
    dropped++;
    droppedGeneratedTokens += generatedTokens;
    if (slotted) {
      slotTtft[slot(t)].add(Double.POSITIVE_INFINITY, 1);
    }
  }

  void refused(int idx, double t) {
    q.status[idx] = Requests.REFUSED;
    ttftMisses++;
    refused++;
    if (slotted) {
      slot(t); // closes the windows before t, so the refusal counts in the one holding it
      attainment.refused();
    }
  }

  // ------------------------------------------------------------------ window queries

  WindowStats window(double windowSeconds, double percentile) {
    requireSlots();
    snapshots.take();
    int from = snapshots.atOrBefore(now - windowSeconds);
    int to = snapshots.size - 1;
    double w = snapshots.time[to] - snapshots.time[from];
    LatencyHistogram ttft = POOL.take();
    LatencyHistogram gaps = POOL.take();
    merge(windowSeconds, ttft, gaps);
    double ttftP = ttft.percentile(percentile);
    double gapP = gaps.percentile(percentile);
    POOL.give(ttft);
    POOL.give(gaps);
    if (w <= 0) {
      return new WindowStats(0, 0, 0, 0, runningTotal, waitingTotal, readyCount > 0 ? kvShareReady / readyCount : 0,
          readyCount > 0 ? batchShareReady / readyCount : 0, readyCount, ttftP, gapP, readyCount);
    }
    double ready = snapshots.ready[to] - snapshots.ready[from];
    return new WindowStats(w,
        (snapshots.completions[to] - snapshots.completions[from]) / w,
        (snapshots.prompt[to] - snapshots.prompt[from]) / w,
        (snapshots.generation[to] - snapshots.generation[from]) / w,
        (snapshots.running[to] - snapshots.running[from]) / w,
        (snapshots.waiting[to] - snapshots.waiting[from]) / w,
        ready > 0 ? (snapshots.kv[to] - snapshots.kv[from]) / ready : 0,
        ready > 0 ? (snapshots.batch[to] - snapshots.batch[from]) / ready : 0,
        ready / w, ttftP, gapP, readyCount);
  }

  /**
   * Shares within the objectives over the last {@code windowSeconds}, as a histogram's bucket at the
   * objective gives them: {first tokens with TTFT <= ttftObjective / all, token gaps <= itlObjective / all};
   * NaN for a figure with no observation.
   */
  double[] within(double windowSeconds, double ttftObjective, double itlObjective) {
    requireSlots();
    LatencyHistogram ttft = POOL.take();
    LatencyHistogram gaps = POOL.take();
    merge(windowSeconds, ttft, gaps);
    double[] shares = {share(ttft, ttftObjective), share(gaps, itlObjective)};
    POOL.give(ttft);
    POOL.give(gaps);
    return shares;
  }

  private void requireSlots() {
    if (!slotted) {
      throw new IllegalStateException("a verdict-only run keeps no metrics windows (use runMeets)");
    }
  }

  private static double share(LatencyHistogram h, double objective) {
    return h.total() == 0 ? Double.NaN : (double) h.atOrBelow(objective) / h.total();
  }

  /** TTFT and per-token ITL observed over the last {@code seconds} (5 s resolution, at most 10 min). */
  void merge(double seconds, LatencyHistogram ttft, LatencyHistogram gaps) {
    long last = (long) Math.floor(now / SLOT_SECONDS);
    long first = Math.max(last - SLOTS + 1, (long) Math.floor((now - seconds) / SLOT_SECONDS + 1e-9));
    for (long s = first; s <= last; s++) {
      int i = (int) (s % SLOTS);
      if (s >= 0 && slotIndex[i] == s) {
        ttft.addAll(slotTtft[i]);
        gaps.addAll(slotItl[i]);
      }
    }
  }

  void snapshot() {
    snapshots.take();
  }

  /** The run ended at {@code end}: closes every attainment window up to it ({@link WindowAttainment#closeAll}). */
  void closeWindows(double end) {
    if (slotted) {
      attainment.closeAll((long) Math.floor(end / SLOT_SECONDS), slotIndex, slotTtft, slotItl);
    }
  }

  /** The run is over: its slot histograms go back to the pool (no window query follows). */
  void release() {
    for (int i = 0; i < SLOTS; i++) {
      if (slotTtft[i] != null) {
        POOL.give(slotTtft[i]);
        POOL.give(slotItl[i]);
        slotTtft[i] = null;
        slotItl[i] = null;
        slotIndex[i] = -1;
      }
    }
    cachedFrom = 1;
    cachedUntil = 0;
  }

  /** Cumulative counters at control and sample ticks, for window queries. */
  private final class Snapshots {
    double[] time = new double[1024];
    int[] completions = new int[1024];
    long[] prompt = new long[1024];
    long[] generation = new long[1024];
    double[] running = new double[1024];
    double[] waiting = new double[1024];
    double[] kv = new double[1024];
    double[] batch = new double[1024];
    double[] ready = new double[1024];
    int size;

    void take() {
      if (size > 0 && time[size - 1] == now) {
        size--; // replace: the later snapshot at the same instant is the complete one
      }
      if (size == time.length) {
        int m = size * 2;
        time = Arrays.copyOf(time, m);
        completions = Arrays.copyOf(completions, m);
        prompt = Arrays.copyOf(prompt, m);
        generation = Arrays.copyOf(generation, m);
        running = Arrays.copyOf(running, m);
        waiting = Arrays.copyOf(waiting, m);
        kv = Arrays.copyOf(kv, m);
        batch = Arrays.copyOf(batch, m);
        ready = Arrays.copyOf(ready, m);
      }
      time[size] = now;
      completions[size] = q.completions;
      prompt[size] = promptTokens;
      generation[size] = generationTokens;
      running[size] = intRunning;
      waiting[size] = intWaiting;
      kv[size] = intKv;
      batch[size] = intBatch;
      ready[size] = intReady;
      size++;
    }

    /** Latest snapshot taken at or before t (the first one if none). */
    int atOrBefore(double t) {
      int lo = 0;
      int hi = size - 1;
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (time[mid] <= t + 1e-9) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      return lo;
    }
  }
}
