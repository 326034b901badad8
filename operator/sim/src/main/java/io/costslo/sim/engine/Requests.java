package io.costslo.sim.engine;

import io.costslo.sim.workload.Workload;
import java.util.Arrays;

/** Per-request state of one run, in flat arrays (millions of requests; no objects per request). */
final class Requests {
  static final byte WAITING = 0;
  static final byte RUNNING = 1;
  static final byte DONE = 2;
  /** Lost mid-way: the replica was reclaimed, or drained past its grace, or unfinished at the hard stop. */
  static final byte DROPPED = 3;
  /** Can never fit: prompt + output exceed one replica's KV cache (vLLM rejects it at admission). */
  static final byte REFUSED = 4;

  final int n;
  final double[] arrival;
  final int[] input;
  final int[] output;
  final double[] firstToken;
  final double[] finish;
  final double[] lastToken;
  final byte[] status;
  /** Tokens emitted before the current decode stretch (at least 1 once prefilled). */
  final int[] gen0;
  /** Replica step counter when the current decode stretch began. */
  final long[] decodeStart;
  /** Tokens to prefill (the prompt; after a preemption also what was generated: recompute). */
  final int[] target;
  /** Tokens of the target already prefilled. */
  final int[] computed;
  /** Replica id running it, -1 when none. */
  final int[] replica;
  /** Position in its replica's running list. */
  final int[] slot;
  /** Admission sequence number on its replica: the youngest is preempted first. */
  final long[] admitted;
  int[] completionOrder;
  int completions;

  Requests(Workload w) {
    n = w.size();
    arrival = w.arrivalSeconds();
    input = w.inputTokens();
    output = w.outputTokens();
    firstToken = new double[n];
    finish = new double[n];
    lastToken = new double[n];
    Arrays.fill(firstToken, Double.NaN);
    Arrays.fill(finish, Double.NaN);
    status = new byte[n];
    gen0 = new int[n];
    decodeStart = new long[n];
    target = new int[n];
    computed = new int[n];
    replica = new int[n];
    Arrays.fill(replica, -1);
    slot = new int[n];
    admitted = new long[n];
    completionOrder = new int[Math.max(16, Math.min(n, 1 << 20))];
    for (int i = 0; i < n; i++) {
      target[i] = input[i];
    }
  }

  /** Tokens emitted so far, given the replica's step counter (decoding) or the stored count. */
  int generated(int i, long step, boolean decoding) {
    return decoding ? gen0[i] + (int) (step - decodeStart[i]) : gen0[i];
  }

  void complete(int i, double now) {
    finish[i] = now;
    status[i] = DONE;
    replica[i] = -1;
    if (completions == completionOrder.length) {
      completionOrder = Arrays.copyOf(completionOrder, completions * 2);
    }
    completionOrder[completions++] = i;
  }

  double ttft(int i) {
    return firstToken[i] - arrival[i];
  }

  /** Mean gap per output token after the first (vLLM's request-level time_per_output_token); 0 for one token. */
  double meanItl(int i) {
    return output[i] > 1 ? (finish[i] - firstToken[i]) / (output[i] - 1) : 0.0;
  }

  /** The i-th request to finish, as a controller sees it. */
  SimContext.FinishedRequest finished(int i) {
    if (i < 0 || i >= completions) {
      throw new IndexOutOfBoundsException("finished request " + i + " of " + completions);
    }
    int idx = completionOrder[i];
    return new SimContext.FinishedRequest(input[idx], output[idx], ttft(idx), meanItl(idx), finish[idx] - arrival[idx]);
  }

  /** The TTFTs of the requests that got a first token, into the first entries of {@code out}; how many. */
  int startedTtfts(double[] out) {
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (!Double.isNaN(firstToken[i])) {
        out[k++] = ttft(i);
      }
    }
    return k;
  }

  /** Share of all requests done with a first token within {@code ttftObjective} (a NaN TTFT never is). */
  double shareDoneWithin(double ttftObjective) {
    int ok = 0;
    for (int i = 0; i < n; i++) {
      ok += status[i] == DONE && ttft(i) <= ttftObjective ? 1 : 0;
    }
    return n > 0 ? (double) ok / n : 1.0;
  }
}
