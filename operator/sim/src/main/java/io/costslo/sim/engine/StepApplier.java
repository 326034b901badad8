package io.costslo.sim.engine;

/**
 * Applies a finished step (or run of decode steps) to a replica: token gaps into the histograms (per
 * group of decoders that last emitted together), prefill progress, first tokens, completions. The
 * completion heap holds (finish step, request) keys; entries of preempted requests are stale and
 * skipped.
 */
final class StepApplier {
  static final int IDX_BITS = 25;
  static final long IDX_MASK = (1L << IDX_BITS) - 1;

  private final Requests q;
  private final MetricsRecorder m;
  private final Router router;

  StepApplier(Requests q, MetricsRecorder m, Router router) {
    this.q = q;
    this.m = m;
    this.router = router;
  }


  void apply(Replica r, double now) {
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
    removeRunning(q, r, idx);
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

  static void removeRunning(Requests q, Replica r, int idx) {
    int s = q.slot[idx];
    int last = r.runList[--r.running];
    r.runList[s] = last;
    q.slot[last] = s;
  }

  static void removeFromPrefilling(Replica r, int idx) {
    int n = r.prefilling.size();
    for (int i = 0; i < n; i++) {
      int v = r.prefilling.pollFirst();
      if (v != idx) {
        r.prefilling.addLast(v);
      }
    }
  }
}
