package io.costslo.sim.engine;

/** One serving pod: its lifecycle (fleet) and its engine's state (batch, KV cache, current step). */
final class Replica {
  static final int PENDING = 0;
  static final int STARTING = 1;
  static final int READY = 2;
  static final int DRAINING = 3;
  static final int GONE = 4;

  static final int STEP_MIXED = 0;
  static final int STEP_PREFILL_ONLY = 1;
  static final int STEP_DECODE_RUN = 2;

  final int id;
  final CapacityType type;
  final int batchCap;
  /** Tokens one step may compute (the plan's prefill chunk); 0 = the simulator config's default. */
  final int tokenBudget;
  int state;
  double billedFrom = Double.NaN;
  /** Bumped whenever a scheduled step end becomes stale (a cut run, a kill). */
  int version;
  int reclaimToken;
  int routerIndex = -1;
  /** The router's heap key as it last saw this replica ({@link Router}). */
  long routerKey;

  // Engine: requests routed here and not yet admitted, then the running batch.
  final IntDeque waiting = new IntDeque();
  int[] runList = new int[16];
  int running;
  final IntDeque prefilling = new IntDeque();
  int decoders;
  long kvUsed;
  /** KV tokens the decoding sequences attend to (their prompts, recomputed tokens and generated ones). */
  long decodeContext;
  /** Steps in which the decoding sequences emitted a token. */
  long step;
  long admitSeq;
  final LongHeap finishes = new LongHeap();
  /** Decoders grouped by the time of their last token (they pause together in prefill-only steps). */
  double[] groupTime = new double[4];
  int[] groupCount = new int[4];
  int groups;

  // The step (or run of decode steps) in progress.
  boolean busy;
  boolean kicked;
  int stepKind;
  double runStart;
  /** Duration of the run's first step and its growth per step (decode attention over a growing context). */
  double firstStep;
  double stepGrowth;
  long runSteps;
  int[] chunkIdx = new int[8];
  int[] chunkLen = new int[8];
  int chunks;

  Replica(int id, CapacityType type, int batchCap) {
    this(id, type, batchCap, 0);
  }

  Replica(int id, CapacityType type, int batchCap, int tokenBudget) {
    this.id = id;
    this.type = type;
    this.batchCap = batchCap;
    this.tokenBudget = tokenBudget;
  }

  /** Requests routed here and not finished: what a least-request balancer counts. */
  int outstanding() {
    return running + waiting.size();
  }

  int freeSlots() {
    return batchCap - outstanding();
  }

  /** Seconds the first {@code k} steps of the current run take. */
  double runSeconds(long k) {
    return k * firstStep + stepGrowth * k * (k - 1) / 2.0;
  }
}
