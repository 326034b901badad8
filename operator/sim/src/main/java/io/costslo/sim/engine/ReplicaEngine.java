package io.costslo.sim.engine;

import io.costslo.core.model.ReplicaProfile;

/**
 * A replica's engine scheduler, as vLLM's: builds each step from the running batch and the waiting
 * requests ({@link SchedulerMode}), times it with the profile's step model, and applies it.
 *
 * <h2>KV cache</h2>
 * A request holds the KV of what it has prefilled plus what it has generated (vLLM allocates as the
 * sequence grows; block granularity is ignored). A prefill chunk is admitted only if its tokens fit
 * beside one new token per decoding sequence; the head of the queue waits otherwise (FIFO). When the
 * decoding sequences would outgrow the cache, the youngest running request is preempted (vLLM's
 * recompute mode): its KV is freed and it goes back to the front of the replica's queue, to prefill its
 * prompt and the tokens it had generated again; its next token then follows a long gap.
 *
 * <h2>Event skipping</h2>
 * With nothing admissible, a run of decode steps is one event up to the next completion (or until the
 * cache is full): step j of the run lasts firstStep + j * stepGrowth (the context grows by one token
 * per sequence per step), and every token gap of the run goes into the histograms in one call per
 * bucket. An arrival cuts the run at the next step boundary. {@code maxRunSteps = 1} turns skipping
 * off, which the tests use as the brute-force reference.
 */
final class ReplicaEngine {
  private static final int IDX_BITS = 25;
  private static final long IDX_MASK = (1L << IDX_BITS) - 1;
  static final int MAX_REQUESTS = (int) IDX_MASK;

  private final Requests q;
  private final ReplicaProfile p;
  private final SchedulerMode mode;
  private final int budget;
  private final long kvCap;
  private final long maxRunSteps;
  private final IntDeque shared;
  private final MetricsRecorder m;
  private final EventQueue events;
  private final Router router;

  ReplicaEngine(Requests q, ReplicaProfile p, SimConfig config, IntDeque shared, MetricsRecorder m, EventQueue events,
      Router router) {
    this.q = q;
    this.p = p;
    this.mode = config.scheduler();
    this.budget = config.maxPrefillTokensPerStep();
    this.kvCap = p.kvCacheTokens();
    this.maxRunSteps = config.maxRunSteps();
    this.shared = shared;
    this.m = m;
    this.events = events;
    this.router = router;
  }

  /** True if the request can never run on one replica (prompt + output exceed the KV cache). */
  boolean neverFits(int idx) {
    return (long) q.input[idx] + q.output[idx] > kvCap;
  }

  /** A step (or run) ended: apply it and start the next one. */
  void stepEnded(Replica r, double now) {
    m.contribute(r, -1);
    applyStep(r, now);
    startNext(r, now);
    m.contribute(r, +1);
  }

  /** An idle replica has work: start a step now. */
  void kick(Replica r, double now) {
    if (r.busy) {
      return;
    }
    m.contribute(r, -1);
    startNext(r, now);
    m.contribute(r, +1);
  }

  /** A request was routed to a busy replica: end its decode run at the next step boundary. */
  void cutRun(Replica r, double now) {
    if (!r.busy || r.stepKind != Replica.STEP_DECODE_RUN || r.runSteps <= 1) {
      return;
    }
    double x = now - r.runStart;
    long done;
    if (r.stepGrowth <= 0) {
      done = (long) Math.ceil(x / r.firstStep - 1e-9);
    } else {
      double a = r.stepGrowth / 2;
      double b = r.firstStep - a;
      done = (long) Math.ceil((-b + Math.sqrt(b * b + 4 * a * x)) / (2 * a) - 1e-9);
      while (done > 1 && r.runSeconds(done - 1) >= x) {
        done--;
      }
      while (r.runSeconds(done) < x - 1e-12) {
        done++;
      }
    }
    done = Math.max(1, done);
    if (done < r.runSteps) {
      r.runSteps = done;
      r.version++;
      events.schedule(Math.max(now, r.runStart + r.runSeconds(done)), EventQueue.STEP_END, r);
    }
  }

  // ------------------------------------------------------------------ building a step

  private void startNext(Replica r, double now) {
    r.busy = false;
    if (r.state != Replica.READY && r.state != Replica.DRAINING) {
      return;
    }
    boolean admit = r.state == Replica.READY;
    ensureDecodeKv(r, now);
    r.chunks = 0;
    if (mode == SchedulerMode.CHUNKED_PREFILL) {
      buildChunked(r, admit);
    } else {
      buildPrefillFirst(r, admit);
    }
    if (r.chunks > 0) {
      long tokens = 0;
      double pairs = 0;
      for (int c = 0; c < r.chunks; c++) {
        int idx = r.chunkIdx[c];
        tokens += r.chunkLen[c];
        pairs += ReplicaProfile.prefillPairs(q.computed[idx], r.chunkLen[c]);
      }
      boolean mixed = r.stepKind == Replica.STEP_MIXED;
      int decoding = mixed ? r.decoders : 0;
      double seconds = p.stepMillis(decoding + r.chunks, mixed ? r.decodeContext : 0, tokens, pairs) / 1000.0;
      start(r, now, 1, seconds, 0);
    } else if (r.decoders > 0) {
      r.stepKind = Replica.STEP_DECODE_RUN;
      long k = Math.max(1, (r.finishes.peek() >>> IDX_BITS) - r.step);
      long room = (kvCap - r.kvUsed) / r.decoders;
      k = Math.max(1, Math.min(Math.min(k, room), maxRunSteps));
      double first = p.stepMillis(r.decoders, r.decodeContext, 0, 0) / 1000.0;
      start(r, now, k, first, p.perContextTokenMillis() * r.decoders / 1000.0);
    }
  }

  private void start(Replica r, double now, long steps, double firstStep, double growth) {
    r.busy = true;
    r.runStart = now;
    r.firstStep = firstStep;
    r.stepGrowth = growth;
    r.runSteps = steps;
    r.version++;
    events.schedule(now + r.runSeconds(steps), EventQueue.STEP_END, r);
  }

  private void buildChunked(Replica r, boolean admit) {
    r.stepKind = Replica.STEP_MIXED;
    long room = Math.max(0, budget - r.decoders);
    long kvFree = kvCap - r.kvUsed - r.decoders;
    for (int i = 0; i < r.prefilling.size() && room > 0; i++) {
      int idx = r.prefilling.get(i);
      long c = Math.min(Math.min(q.target[idx] - q.computed[idx], room), kvFree);
      if (c <= 0) {
        break;
      }
      addChunk(r, idx, (int) c);
      room -= c;
      kvFree -= c;
    }
    while (admit && room > 0 && r.running < r.batchCap) {
      int idx = head(r);
      if (idx < 0) {
        break;
      }
      long c = Math.min(q.target[idx], room);
      if (c > kvFree) {
        break; // FIFO: the head waits for KV space
      }
      takeHead(r);
      admitRequest(r, idx);
      addChunk(r, idx, (int) c);
      room -= c;
      kvFree -= c;
    }
  }

  private void buildPrefillFirst(Replica r, boolean admit) {
    r.stepKind = Replica.STEP_PREFILL_ONLY;
    long tokens = 0;
    long kvFree = kvCap - r.kvUsed;
    while (admit && r.running < r.batchCap) {
      int idx = head(r);
      if (idx < 0) {
        break;
      }
      int t = q.target[idx];
      if ((tokens > 0 && tokens + t > budget) || t > kvFree) {
        break;
      }
      takeHead(r);
      admitRequest(r, idx);
      addChunk(r, idx, t);
      tokens += t;
      kvFree -= t;
    }
  }

  private int head(Replica r) {
    if (!r.waiting.isEmpty()) {
      return r.waiting.peekFirst();
    }
    return shared.isEmpty() ? -1 : shared.peekFirst();
  }

  private void takeHead(Replica r) {
    if (!r.waiting.isEmpty()) {
      r.waiting.pollFirst();
    } else {
      shared.pollFirst();
    }
  }

  private void addChunk(Replica r, int idx, int len) {
    if (r.chunks == r.chunkIdx.length) {
      r.chunkIdx = java.util.Arrays.copyOf(r.chunkIdx, r.chunks * 2);
      r.chunkLen = java.util.Arrays.copyOf(r.chunkLen, r.chunks * 2);
    }
    r.chunkIdx[r.chunks] = idx;
    r.chunkLen[r.chunks++] = len;
  }

  private void admitRequest(Replica r, int idx) {
    q.status[idx] = Requests.RUNNING;
    q.replica[idx] = r.id;
    q.admitted[idx] = r.admitSeq++;
    q.computed[idx] = 0;
    if (r.running == r.runList.length) {
      r.runList = java.util.Arrays.copyOf(r.runList, r.running * 2);
    }
    q.slot[idx] = r.running;
    r.runList[r.running++] = idx;
    r.prefilling.addLast(idx);
    m.moved(+1, -1);
    router.update(r);
  }

  /** Preempts the youngest running requests until every decoding sequence has room for its next token. */
  private void ensureDecodeKv(Replica r, double now) {
    while (r.decoders > 0 && r.kvUsed + r.decoders > kvCap && r.running > 1) {
      int victim = r.runList[0];
      for (int i = 1; i < r.running; i++) {
        int idx = r.runList[i];
        if (q.admitted[idx] > q.admitted[victim]) {
          victim = idx;
        }
      }
      preempt(r, victim, now);
    }
  }

  private void preempt(Replica r, int idx, double now) {
    if (q.computed[idx] == q.target[idx]) {
      long held = q.target[idx] + (r.step - q.decodeStart[idx]);
      int generated = q.gen0[idx] + (int) (r.step - q.decodeStart[idx]);
      r.kvUsed -= held;
      r.decodeContext -= held;
      r.decoders--;
      // The youngest decoder is in the newest group; its last token was at that group's time.
      int g = r.groups - 1;
      while (g > 0 && r.groupCount[g] == 0) {
        g--;
      }
      q.lastToken[idx] = r.groupTime[g];
      r.groupCount[g]--;
      q.gen0[idx] = generated;
      q.target[idx] = q.input[idx] + generated;
    } else {
      r.kvUsed -= q.computed[idx];
      removeFromPrefilling(r, idx);
    }
    q.computed[idx] = 0;
    removeRunning(r, idx);
    q.status[idx] = Requests.WAITING;
    q.replica[idx] = -1;
    r.waiting.addFirst(idx);
    m.moved(-1, +1);
    m.kvPreemption();
    router.update(r);
  }

  private void removeRunning(Replica r, int idx) {
    int s = q.slot[idx];
    int last = r.runList[--r.running];
    r.runList[s] = last;
    q.slot[last] = s;
  }

  private static void removeFromPrefilling(Replica r, int idx) {
    int n = r.prefilling.size();
    for (int i = 0; i < n; i++) {
      int v = r.prefilling.pollFirst();
      if (v != idx) {
        r.prefilling.addLast(v);
      }
    }
  }

  // ------------------------------------------------------------------ applying a step

  private void applyStep(Replica r, double now) {
    r.busy = false;
    int b = r.decoders;
    if (r.stepKind == Replica.STEP_DECODE_RUN) {
      long k = r.runSteps;
      for (int g = 0; g < r.groups; g++) {
        m.gap(r.runStart - r.groupTime[g] + r.firstStep, r.groupCount[g], now);
      }
      m.gapRun(r.firstStep + r.stepGrowth, r.stepGrowth, k - 1, b, now);
      r.step += k;
      r.decodeContext += (long) b * k;
      r.kvUsed += (long) b * k;
      m.generation((long) b * k);
      resetGroups(r, now, b);
    } else {
      if (r.stepKind == Replica.STEP_MIXED && b > 0) {
        for (int g = 0; g < r.groups; g++) {
          m.gap(now - r.groupTime[g], r.groupCount[g], now);
        }
        r.step++;
        r.decodeContext += b;
        r.kvUsed += b;
        m.generation(b);
        resetGroups(r, now, b);
      }
      int newGroup = -1;
      for (int c = 0; c < r.chunks; c++) {
        int idx = r.chunkIdx[c];
        int len = r.chunkLen[c];
        q.computed[idx] += len;
        r.kvUsed += len;
        m.prompt(len);
        if (q.computed[idx] < q.target[idx]) {
          continue;
        }
        removeFromPrefillingHead(r, idx);
        if (q.gen0[idx] == 0) {
          q.firstToken[idx] = now;
          m.firstToken(idx, now);
        } else {
          m.gap(now - q.lastToken[idx], 1, now);
        }
        q.gen0[idx]++;
        m.generation(1);
        if (q.gen0[idx] >= q.output[idx]) {
          finish(r, idx, now, q.target[idx]);
          continue;
        }
        q.decodeStart[idx] = r.step;
        r.decoders++;
        r.decodeContext += q.target[idx];
        r.finishes.push(((r.step + q.output[idx] - q.gen0[idx]) << IDX_BITS) | idx);
        if (newGroup < 0) {
          newGroup = groupAt(r, now);
        }
        r.groupCount[newGroup]++;
      }
      r.chunks = 0;
    }
    while (!r.finishes.isEmpty() && (r.finishes.peek() >>> IDX_BITS) <= r.step) {
      long key = r.finishes.pop();
      int idx = (int) (key & IDX_MASK);
      long at = key >>> IDX_BITS;
      if (q.status[idx] != Requests.RUNNING || q.replica[idx] != r.id || q.computed[idx] != q.target[idx]
          || q.decodeStart[idx] + q.output[idx] - q.gen0[idx] != at) {
        continue; // preempted since: a stale entry
      }
      long held = q.target[idx] + (r.step - q.decodeStart[idx]);
      r.decoders--;
      r.decodeContext -= held;
      r.groupCount[0]--;
      finish(r, idx, now, held);
    }
  }

  private void finish(Replica r, int idx, double now, long kvHeld) {
    r.kvUsed -= kvHeld;
    removeRunning(r, idx);
    q.complete(idx, now);
    m.completed(idx);
    router.update(r);
  }

  /** Prefills complete in admission order, so the finished one is almost always at the head. */
  private static void removeFromPrefillingHead(Replica r, int idx) {
    if (!r.prefilling.isEmpty() && r.prefilling.peekFirst() == idx) {
      r.prefilling.pollFirst();
    } else {
      removeFromPrefilling(r, idx);
    }
  }

  private static void resetGroups(Replica r, double now, int count) {
    r.groups = 1;
    r.groupTime[0] = now;
    r.groupCount[0] = count;
  }

  private static int groupAt(Replica r, double now) {
    if (r.groups > 0 && r.groupTime[r.groups - 1] == now) {
      return r.groups - 1;
    }
    if (r.groups == r.groupTime.length) {
      r.groupTime = java.util.Arrays.copyOf(r.groupTime, r.groups * 2);
      r.groupCount = java.util.Arrays.copyOf(r.groupCount, r.groups * 2);
    }
    r.groupTime[r.groups] = now;
    r.groupCount[r.groups] = 0;
    return r.groups++;
  }

  /**
   * The replica vanished (reclaimed, or past its drain grace): running requests are lost, queued ones
   * go back to the front of the shared queue.
   */
  void kill(Replica r, double now) {
    requeueWaiting(r);
    for (int i = 0; i < r.running; i++) {
      int idx = r.runList[i];
      boolean decoding = q.computed[idx] == q.target[idx];
      long lostTokens = decoding ? q.gen0[idx] + (r.step - q.decodeStart[idx]) : q.gen0[idx];
      q.replica[idx] = -1;
      m.dropped(idx, now, lostTokens);
    }
    m.moved(-r.running, 0);
    r.running = 0;
    r.decoders = 0;
    r.kvUsed = 0;
    r.decodeContext = 0;
    r.finishes.clear();
    r.prefilling.clear();
    r.groups = 0;
    r.chunks = 0;
    r.busy = false;
    r.version++;
  }

  /** Requests routed here but not admitted go back to the front of the shared queue, in order. */
  void requeueWaiting(Replica r) {
    for (int j = r.waiting.size() - 1; j >= 0; j--) {
      shared.addFirst(r.waiting.get(j));
    }
    r.waiting.clear();
    router.update(r);
  }

  /** Groups are kept in admission order; the first decode step after prefill-only steps merges them. */
  static int groups(Replica r) {
    return r.groups;
  }
}
