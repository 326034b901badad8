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
 * recompute mode): its KV is freed and it goes back to the front of the replica's queue (of the shared
 * queue if the replica is draining), to prefill its prompt and the tokens it had generated again; its
 * next token then follows a long gap.
 *
 * <h2>Event skipping</h2>
 * With nothing admissible, a run of decode steps is one event up to the next completion (or until the
 * cache is full): step j of the run lasts firstStep + j * stepGrowth (the context grows by one token
 * per sequence per step), and every token gap of the run goes into the histograms in one call per
 * bucket. An arrival cuts the run at the next step boundary. {@code maxRunSteps = 1} turns skipping
 * off, which the tests use as the brute-force reference.
 */
final class ReplicaEngine {
  static final int MAX_REQUESTS = (int) StepApplier.IDX_MASK;

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
  private final StepApplier steps;

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
    this.steps = new StepApplier(q, m, router);
  }

  /** True if the request can never run on one replica (prompt + output exceed the KV cache). */
  boolean neverFits(int idx) {
    return (long) q.input[idx] + q.output[idx] > kvCap;
  }

  /** A step (or run) ended: apply it and start the next one. */
  void stepEnded(Replica r, double now) {
    m.contribute(r, -1);
    steps.apply(r, now);
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
    // As vLLM V1's scheduler: a step that had to preempt admits no waiting request, or the cache it
    // just freed would fill again at once and the next step preempt again.
    boolean preempted = ensureDecodeKv(r, now);
    boolean admit = r.state == Replica.READY && !preempted;
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
      double seconds = p.stepMillis(decoding + r.chunks, mixed ? r.decodeContext : 0, tokens, pairs, r.chunks) / 1000.0;
      start(r, now, 1, seconds, 0);
    } else if (r.decoders > 0) {
      r.stepKind = Replica.STEP_DECODE_RUN;
      long k = Math.max(1, (r.finishes.peek() >>> StepApplier.IDX_BITS) - r.step);
      long room = (kvCap - r.kvUsed) / r.decoders;
      // After a preempting step the next one may admit again, so the run is that one step.
      k = preempted ? 1 : Math.max(1, Math.min(Math.min(k, room), maxRunSteps));
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
    long room = Math.max(0, budget(r) - r.decoders);
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
      if ((tokens > 0 && tokens + t > budget(r)) || t > kvFree) {
        break;
      }
      takeHead(r);
      admitRequest(r, idx);
      addChunk(r, idx, t);
      tokens += t;
      kvFree -= t;
    }
  }

  /** The replica's prefill chunk (as its plan set it), else the configured --max-num-batched-tokens. */
  private int budget(Replica r) {
    return r.tokenBudget > 0 ? r.tokenBudget : budget;
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

  /**
   * Preempts the youngest running requests until every decoding sequence has room for its next token;
   * true if it preempted any.
   */
  private boolean ensureDecodeKv(Replica r, double now) {
    boolean any = false;
    while (r.decoders > 0 && r.kvUsed + r.decoders > kvCap && r.running > 1) {
      any = true;
      int victim = r.runList[0];
      for (int i = 1; i < r.running; i++) {
        int idx = r.runList[i];
        if (q.admitted[idx] > q.admitted[victim]) {
          victim = idx;
        }
      }
      preempt(r, victim, now);
    }
    return any;
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
      StepApplier.removeFromPrefilling(r, idx);
    }
    q.computed[idx] = 0;
    StepApplier.removeRunning(q, r, idx);
    q.status[idx] = Requests.WAITING;
    q.replica[idx] = -1;
    m.moved(-1, +1);
    m.kvPreemption();
    if (r.state == Replica.DRAINING) {
      // A draining replica admits nothing more: what it preempts goes back to the front of the shared
      // queue, as its queue did when the drain began, and the least loaded ready replica takes it.
      shared.addFirst(idx);
      Replica other = router.best();
      if (other != null && !other.busy && !other.kicked) {
        other.kicked = true;
        events.schedule(now, EventQueue.KICK, other, -1);
      }
      return;
    }
    r.waiting.addFirst(idx);
    router.update(r);
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
}
