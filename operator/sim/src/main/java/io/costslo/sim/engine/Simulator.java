package io.costslo.sim.engine;

import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.plan.Plan;
import io.costslo.sim.workload.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Discrete-event simulation of a fleet of replicas serving a workload with continuous batching,
 * step by step, driven by one {@link Controller}.
 *
 * <h2>Serving</h2>
 * <ul>
 *   <li>A step on a replica with B running sequences that prefills P prompt tokens lasts
 *       {@link ReplicaProfile#iterationMillis(double, double) base + perSeq*B + perTok*P}; at its end
 *       every running sequence emits one token (a newly admitted one its first, so TTFT ends there).
 *       A request with O output tokens spends O steps in the batch.
 *   <li>Admission happens at step boundaries, FIFO, while the batch is below the cap and the
 *       request's full prompt+output fits in the free KV cache (full reservation, no KV preemption,
 *       as the core's model assumes), up to {@code maxPrefillTokensPerStep} prompt tokens per step.
 *   <li>Routing: an arriving request goes to the ready replica with a free slot and enough KV that has
 *       the fewest requests (a least-request balancer); if none has room it waits in a shared FIFO
 *       queue that replicas pull from as slots free up.
 * </ul>
 *
 * <h2>Event skipping</h2>
 * Between events a replica's batch is constant, so a run of k decode steps of equal length is one
 * event, ending at the next completion. An arrival routed to a busy replica cuts its run at the next
 * step boundary; nothing else needs per-step work.
 *
 * <h2>Capacity</h2>
 * Replicas start cold ({@code coldStart}), are billed from creation to termination, are drained on
 * scale-down, are rolled (surge, never below the desired ready count) when the batch cap changes.
 * Capacity moved between on-demand and spot is made before it is broken: a type is lowered only as
 * far as the other type's ready replicas replace it (the realizer's job; see {@code reconcile}).
 * Spot replicas are reclaimed at a Poisson rate each, and all at once in correlated outages during
 * which no spot capacity can be obtained. Requests running on a reclaimed replica are dropped;
 * queued ones go back to the shared queue.
 */
public final class Simulator implements SimContext {
  /** Epoch of the simulated clock: fixed so reports are reproducible. */
  public static final Instant EPOCH = Instant.parse("2026-01-05T00:00:00Z");

  private static final int PENDING = 0;
  private static final int STARTING = 1;
  private static final int READY = 2;
  private static final int DRAINING = 3;
  private static final int GONE = 4;

  private static final int EV_STEP_END = 0;
  private static final int EV_READY = 1;
  private static final int EV_PREEMPT = 2;
  private static final int EV_DRAIN_DEADLINE = 3;
  private static final int EV_OUTAGE_START = 4;
  private static final int EV_OUTAGE_END = 5;
  private static final int EV_CONTROL = 6;
  private static final int EV_SAMPLE = 7;
  private static final int EV_KICK = 8;

  /** Controllers first act after this much metrics history (the longest default window, CostSLO's 2 min). */
  public static final double CONTROL_WARMUP_SECONDS = 120;

  private static final int IDX_BITS = 25;
  private static final long IDX_MASK = (1L << IDX_BITS) - 1;

  private static final byte WAITING = 0;
  private static final byte DONE = 1;
  private static final byte DROPPED = 2;

  private final Workload workload;
  private final double[] arrival;
  private final int[] input;
  private final int[] output;
  private final ReplicaProfile profile;
  private final double base;
  private final double perSeq;
  private final double perTok;
  private final long kvCapacity;
  private final double onDemandUsdPerHour;
  private final double spotUsdPerHour;
  private final SimConfig config;
  private final Controller controller;
  private final boolean instant;
  private final double horizon;
  private final double ttftObjective;
  private final double itlObjective;
  private final SplittableRandom random;

  private final double[] firstToken;
  private final double[] finish;
  private final byte[] status;
  private int[] completionOrder;
  private int completions;

  private final IntDeque queue = new IntDeque();
  private final List<Replica> alive = new ArrayList<>();
  private final PriorityQueue<Event> events = new PriorityQueue<>();
  private long eventSeq;
  private int nextReplicaId;
  private double now;
  private Plan desired;
  private int spotBlocked;

  // Counters a metrics backend would see, and their time integrals.
  private long promptTokens;
  private long generationTokens;
  private long completedOutputTokens;
  private long droppedGeneratedTokens;
  private int dropped;
  private int runningTotal;
  private int waitingTotal;
  private int readyCount;
  private double kvShareReady;
  private double batchShareReady;
  private double lastAccrue;
  private double intRunning;
  private double intWaiting;
  private double intKv;
  private double intBatch;
  private double intReady;
  private final Snapshots snapshots = new Snapshots();

  private double usd;
  private double gpuHours;
  private int scaleEvents;
  private int rollouts;
  private int preemptions;
  private int outages;
  private final SeriesBuilder series = new SeriesBuilder();

  public Simulator(Workload workload, ReplicaProfile profile, double onDemandUsdPerReplicaHour,
      double spotUsdPerReplicaHour, SimConfig config, long seed, Controller controller, Duration ttftObjective,
      Duration itlObjective) {
    if (workload.size() > IDX_MASK) {
      throw new IllegalArgumentException("workload too large: " + workload.size() + " requests");
    }
    this.workload = workload;
    this.arrival = workload.arrivalSeconds();
    this.input = workload.inputTokens();
    this.output = workload.outputTokens();
    this.profile = profile;
    this.base = profile.baseMillis() / 1000.0;
    this.perSeq = profile.perSequenceMillis() / 1000.0;
    this.perTok = profile.perPrefillTokenMillis() / 1000.0;
    this.kvCapacity = profile.kvCacheTokens();
    this.onDemandUsdPerHour = onDemandUsdPerReplicaHour;
    this.spotUsdPerHour = spotUsdPerReplicaHour;
    this.config = config;
    this.controller = controller;
    this.instant = controller.instantCapacity();
    this.horizon = workload.horizonSeconds();
    this.ttftObjective = ttftObjective.toNanos() / 1e9;
    this.itlObjective = itlObjective.toNanos() / 1e9;
    this.random = new SplittableRandom(seed);
    int n = workload.size();
    this.firstToken = new double[n];
    this.finish = new double[n];
    this.status = new byte[n];
    this.completionOrder = new int[Math.max(16, n)];
  }

  // ---------------------------------------------------------------- run loop

  public RunResult run() {
    Arrays.fill(firstToken, Double.NaN);
    Arrays.fill(finish, Double.NaN);
    scheduleOutages();
    desired = controller.initialPlan();
    for (CapacityType type : CapacityType.values()) {
      int n = count(desired, type);
      for (int i = 0; i < n; i++) {
        Replica r = create(type, desired.batchCap(), 0.0);
        if (r.state == STARTING) {
          becomeReady(r);
        }
      }
    }
    schedule(0.0, EV_SAMPLE, null);
    double interval = controller.interval().toNanos() / 1e9;
    // An operator that was already running would have a full metrics window at t=0; here metrics
    // start at 0, so controllers first act once CONTROL_WARMUP of them exists.
    schedule(Math.max(interval, CONTROL_WARMUP_SECONDS), EV_CONTROL, null);

    int nextArrival = 0;
    int n = workload.size();
    double hardStop = horizon + 2 * 3600;
    while (true) {
      Event e = events.peek();
      boolean arrivalFirst = nextArrival < n && (e == null || arrival[nextArrival] <= e.time);
      if (!arrivalFirst && e == null) {
        break;
      }
      double t = arrivalFirst ? arrival[nextArrival] : e.time;
      if (nextArrival >= n && completions + dropped >= n && t >= horizon) {
        break;
      }
      if (t > hardStop) {
        break;
      }
      advance(t);
      if (arrivalFirst) {
        arrive(nextArrival++);
        continue;
      }
      events.poll();
      handle(e, interval);
    }
    advance(Math.max(now, horizon));
    // Whatever is left (possible only if the fleet could not serve by the hard stop) is dropped.
    for (int i = 0; i < n; i++) {
      if (status[i] == WAITING) {
        status[i] = DROPPED;
        dropped++;
      }
    }
    for (Replica r : new ArrayList<>(alive)) {
      bill(r, now);
    }
    return result();
  }

  private void handle(Event e, double interval) {
    Replica r = e.replica;
    switch (e.type) {
      case EV_STEP_END -> {
        if (r.state != GONE && r.version == e.version) {
          endRun(r);
          admitAndStart(r);
        }
      }
      case EV_KICK -> {
        r.kicked = false;
        if (r.state == READY && !r.busy) {
          admitAndStart(r);
        }
      }
      case EV_READY -> {
        if (r.state == STARTING) {
          becomeReady(r);
          reconcile(CapacityType.ON_DEMAND);
          reconcile(CapacityType.SPOT);
        }
      }
      case EV_PREEMPT -> {
        if (r.state != GONE && r.state != PENDING && e.version == r.preemptToken) {
          preemptions++;
          kill(r);
          reconcile(CapacityType.SPOT);
        }
      }
      case EV_DRAIN_DEADLINE -> {
        if (r.state == DRAINING) {
          kill(r);
        }
      }
      case EV_OUTAGE_START -> {
        outages++;
        spotBlocked++;
        for (Replica s : new ArrayList<>(alive)) {
          if (s.type == CapacityType.SPOT && s.state != PENDING) {
            preemptions++;
            kill(s);
          }
        }
        reconcile(CapacityType.SPOT);
      }
      case EV_OUTAGE_END -> {
        spotBlocked--;
        if (spotBlocked == 0) {
          for (Replica s : new ArrayList<>(alive)) {
            if (s.state == PENDING) {
              startProvisioning(s);
            }
          }
        }
      }
      case EV_CONTROL -> {
        if (now < horizon) {
          snapshots.take();
          controller.tick(this);
          schedule(now + interval, EV_CONTROL, null);
        }
      }
      case EV_SAMPLE -> {
        if (now <= horizon) {
          snapshots.take();
          series.sample();
          double step = config.sampleInterval().toNanos() / 1e9;
          if (now < horizon) {
            schedule(Math.min(horizon, now + step), EV_SAMPLE, null);
          }
        }
      }
      default -> throw new IllegalStateException("unknown event " + e.type);
    }
  }

  private void scheduleOutages() {
    double rate = config.spotOutagesPerDay() / 86400.0;
    if (rate <= 0) {
      return;
    }
    // A separate stream so every controller faces the same outages for the same seed.
    SplittableRandom outageRandom = new SplittableRandom(random.nextLong());
    double t = -Math.log(1 - outageRandom.nextDouble()) / rate;
    while (t < horizon) {
      schedule(t, EV_OUTAGE_START, null);
      schedule(t + config.spotOutageDuration().toNanos() / 1e9, EV_OUTAGE_END, null);
      t += -Math.log(1 - outageRandom.nextDouble()) / rate;
    }
  }

  // ---------------------------------------------------------------- requests

  private void arrive(int i) {
    long need = (long) input[i] + output[i];
    if (need > kvCapacity) {
      status[i] = DROPPED; // can never fit on one replica
      dropped++;
      return;
    }
    if (!queue.isEmpty()) {
      // Older requests are waiting: join them (FIFO); replicas pull from the queue at their next step.
      waitingTotal++;
      queue.addLast(i);
      return;
    }
    Replica best = null;
    int bestLoad = Integer.MAX_VALUE;
    for (Replica r : alive) {
      if (r.state != READY) {
        continue;
      }
      int load = r.running + r.pending.size();
      if (load < r.batchCap && load < bestLoad && r.kvUsed + r.pendingKv + need <= kvCapacity) {
        best = r;
        bestLoad = load;
      }
    }
    waitingTotal++;
    if (best == null) {
      queue.addLast(i);
      return;
    }
    best.pending.addLast(i);
    best.pendingKv += need;
    if (!best.busy) {
      // Start at this instant, but after every request arriving at the same instant is routed, as
      // an engine's scheduler batches what is queued when it next runs.
      if (!best.kicked) {
        best.kicked = true;
        schedule(now, EV_KICK, best);
      }
    } else if (!best.prefillRun && best.runSteps > 1) {
      // Cut the decode run at the first step boundary after now so the request is admitted there.
      long done = Math.max(1, (long) Math.ceil((now - best.runStart) / best.stepSeconds - 1e-9));
      if (done < best.runSteps) {
        best.runSteps = done;
        best.version++;
        schedule(Math.max(now, best.runStart + done * best.stepSeconds), EV_STEP_END, best);
      }
    }
  }

  /** Applies the replica's finished run: tokens, first tokens, completions. */
  private void endRun(Replica r) {
    r.busy = false;
    long k = r.runSteps;
    r.step += k;
    generationTokens += (long) r.running * k;
    if (r.prefillRun) {
      for (int j = 0; j < r.prefill.size(); j++) {
        firstToken[r.prefill.get(j)] = now;
      }
      r.prefill.clear();
    }
    boolean ready = r.state == READY;
    if (ready) {
      contribute(r, -1);
    }
    while (!r.heap.isEmpty() && (r.heap.peek() >>> IDX_BITS) <= r.step) {
      int idx = (int) (r.heap.pop() & IDX_MASK);
      finish[idx] = now;
      status[idx] = DONE;
      r.running--;
      runningTotal--;
      r.kvUsed -= (long) input[idx] + output[idx];
      completedOutputTokens += output[idx];
      if (completions == completionOrder.length) {
        completionOrder = Arrays.copyOf(completionOrder, completions * 2);
      }
      completionOrder[completions++] = idx;
    }
    if (ready) {
      contribute(r, +1);
    }
  }

  /** Admits what fits at this boundary and starts the next run, or goes idle. */
  private void admitAndStart(Replica r) {
    long prefillTokens = 0;
    if (r.state == READY) {
      contribute(r, -1);
      while (r.running < r.batchCap) {
        boolean local = !r.pending.isEmpty();
        if (!local && queue.isEmpty()) {
          break;
        }
        int idx = local ? r.pending.peekFirst() : queue.peekFirst();
        long need = (long) input[idx] + output[idx];
        if (r.kvUsed + need > kvCapacity) {
          break; // FIFO: the head waits for KV space
        }
        if (prefillTokens > 0 && prefillTokens + input[idx] > config.maxPrefillTokensPerStep()) {
          break;
        }
        if (local) {
          r.pending.pollFirst();
          r.pendingKv -= need;
        } else {
          queue.pollFirst();
        }
        waitingTotal--;
        r.running++;
        runningTotal++;
        r.kvUsed += need;
        r.heap.push(((r.step + output[idx]) << IDX_BITS) | idx);
        r.prefill.addLast(idx);
        prefillTokens += input[idx];
        promptTokens += input[idx];
      }
      contribute(r, +1);
    }
    if (!r.prefill.isEmpty()) {
      startRun(r, 1, base + perSeq * r.running + perTok * prefillTokens, true);
    } else if (r.running > 0) {
      long k = (r.heap.peek() >>> IDX_BITS) - r.step;
      startRun(r, Math.max(1, k), base + perSeq * r.running, false);
    } else if (r.state == DRAINING) {
      terminate(r);
    }
  }

  private void startRun(Replica r, long steps, double stepSeconds, boolean prefillRun) {
    r.busy = true;
    r.prefillRun = prefillRun;
    r.runStart = now;
    r.stepSeconds = stepSeconds;
    r.runSteps = steps;
    r.version++;
    schedule(now + steps * stepSeconds, EV_STEP_END, r);
  }

  // ---------------------------------------------------------------- replicas

  private Replica create(CapacityType type, int batchCap, double t) {
    Replica r = new Replica(nextReplicaId++, type, batchCap);
    alive.add(r);
    if (type == CapacityType.SPOT && spotBlocked > 0) {
      r.state = PENDING; // no spot capacity to be had: the pod waits, unbilled
    } else {
      startProvisioning(r);
    }
    return r;
  }

  private void startProvisioning(Replica r) {
    r.state = STARTING;
    r.billedFrom = now;
    if (r.type == CapacityType.SPOT && config.spotPreemptionsPerReplicaHour() > 0) {
      double rate = config.spotPreemptionsPerReplicaHour() / 3600.0;
      r.preemptToken++;
      Event e = schedule(now - Math.log(1 - random.nextDouble()) / rate, EV_PREEMPT, r);
      e.version = r.preemptToken;
    }
    if (instant) {
      schedule(now, EV_READY, r);
    } else {
      schedule(now + config.coldStart().toNanos() / 1e9, EV_READY, r);
    }
  }

  private void becomeReady(Replica r) {
    r.state = READY;
    readyCount++;
    contribute(r, +1);
    admitAndStart(r);
  }

  /** Stops sending work to a replica; it finishes what it runs, then terminates. */
  private void drain(Replica r) {
    if (r.state == PENDING || r.state == STARTING) {
      terminate(r);
      return;
    }
    contribute(r, -1);
    readyCount--;
    r.state = DRAINING;
    requeuePending(r);
    if (!r.busy && r.running == 0) {
      terminate(r);
    } else {
      schedule(now + config.drainGrace().toNanos() / 1e9, EV_DRAIN_DEADLINE, r);
    }
  }

  /** The replica vanishes: running requests are dropped, queued ones return to the shared queue. */
  private void kill(Replica r) {
    if (r.state == READY) {
      contribute(r, -1);
      readyCount--;
    }
    requeuePending(r);
    for (int j = 0; j < r.heap.size(); j++) {
      long key = r.heap.get(j);
      int idx = (int) (key & IDX_MASK);
      long admittedAt = (key >>> IDX_BITS) - output[idx];
      droppedGeneratedTokens += Math.max(0, r.step - admittedAt);
      status[idx] = DROPPED;
      dropped++;
      r.kvUsed -= (long) input[idx] + output[idx];
    }
    // A run cut by the kill was never applied, so only its earlier steps' tokens were counted.
    runningTotal -= r.running;
    r.running = 0;
    r.heap.clear();
    r.prefill.clear();
    terminate(r);
  }

  private void requeuePending(Replica r) {
    for (int j = r.pending.size() - 1; j >= 0; j--) {
      queue.addFirst(r.pending.get(j));
    }
    r.pending.clear();
    r.pendingKv = 0;
    // Requeued requests may fit elsewhere right away.
    if (!queue.isEmpty()) {
      for (Replica other : alive) {
        if (other != r && other.state == READY && !other.busy) {
          admitAndStart(other);
        }
      }
    }
  }

  private void terminate(Replica r) {
    if (r.state == GONE) {
      return;
    }
    r.state = GONE;
    r.version++;
    r.busy = false;
    bill(r, now);
    alive.remove(r);
  }

  private void bill(Replica r, double until) {
    if (Double.isNaN(r.billedFrom)) {
      return;
    }
    double from = Math.min(r.billedFrom, horizon);
    double to = Math.min(until, horizon);
    double hours = Math.max(0, to - from) / 3600.0;
    usd += hours * (r.type == CapacityType.SPOT ? spotUsdPerHour : onDemandUsdPerHour);
    gpuHours += hours * profile.gpusPerReplica();
    r.billedFrom = Double.NaN;
  }

  /** Adds or removes a ready replica's share of KV and batch use from the fleet sums. */
  private void contribute(Replica r, int sign) {
    if (r.state != READY) {
      return;
    }
    kvShareReady += sign * (double) r.kvUsed / kvCapacity;
    batchShareReady += sign * (double) r.running / r.batchCap;
  }

  /**
   * Moves the fleet of one capacity type towards the desired count and batch cap, as a Deployment
   * controller with maxSurge and maxUnavailable 0 does.
   */
  private void reconcile(CapacityType type) {
    int cap = desired.batchCap();
    int n = count(desired, type);
    // Make before break: keep replicas of this type that the other type's ready ones do not yet
    // replace (moving capacity to spot, or spot being unavailable); never adds replicas for it.
    CapacityType other = type == CapacityType.SPOT ? CapacityType.ON_DEMAND : CapacityType.SPOT;
    int otherReady = 0;
    int mine = 0;
    for (Replica r : alive) {
      if (r.type == other && r.state == READY && r.batchCap == cap) {
        otherReady++;
      } else if (r.type == type && r.state != DRAINING) {
        mine++;
      }
    }
    int shortfall = Math.max(0, count(desired, other) - otherReady);
    n = Math.max(n, Math.min(mine, n + shortfall));
    List<Replica> upToDate = new ArrayList<>();
    List<Replica> outdated = new ArrayList<>();
    int upToDateReady = 0;
    for (Replica r : alive) {
      if (r.type != type || r.state == DRAINING) {
        continue;
      }
      if (r.batchCap == cap) {
        upToDate.add(r);
        upToDateReady += r.state == READY ? 1 : 0;
      } else {
        outdated.add(r);
      }
    }
    while (upToDate.size() > n) {
      Replica victim = removalCandidate(upToDate);
      upToDate.remove(victim);
      upToDateReady -= victim.state == READY ? 1 : 0;
      drain(victim);
    }
    int keepOld = Math.max(0, n - upToDateReady);
    while (outdated.size() > keepOld) {
      Replica victim = removalCandidate(outdated);
      outdated.remove(victim);
      drain(victim);
    }
    int surge = outdated.isEmpty() ? 0 : Math.max(1, (int) Math.ceil(config.maxSurge() * n));
    while (upToDate.size() < n && upToDate.size() + outdated.size() < n + surge) {
      upToDate.add(create(type, cap, now));
    }
  }

  /** Not-yet-serving replicas first (newest first), then the ready one with the least work. */
  private static Replica removalCandidate(List<Replica> list) {
    Replica best = null;
    for (Replica r : list) {
      if (best == null || rank(r) < rank(best) || (rank(r) == rank(best) && better(r, best))) {
        best = r;
      }
    }
    return best;
  }

  private static int rank(Replica r) {
    return r.state == PENDING ? 0 : r.state == STARTING ? 1 : 2;
  }

  private static boolean better(Replica a, Replica b) {
    if (a.state == READY) {
      int la = a.running + a.pending.size();
      int lb = b.running + b.pending.size();
      return la != lb ? la < lb : a.id > b.id;
    }
    return a.id > b.id;
  }

  private static int count(Plan plan, CapacityType type) {
    return type == CapacityType.SPOT ? plan.spotReplicas() : plan.onDemandReplicas();
  }

  // ---------------------------------------------------------------- SimContext

  @Override
  public double nowSeconds() {
    return now;
  }

  @Override
  public Instant now() {
    return EPOCH.plusNanos(Math.round(now * 1e9));
  }

  @Override
  public Plan desired() {
    return desired;
  }

  @Override
  public void apply(Plan plan) {
    if (plan.equals(desired)) {
      return;
    }
    if (plan.onDemandReplicas() != desired.onDemandReplicas() || plan.spotReplicas() != desired.spotReplicas()) {
      scaleEvents++;
    }
    if (plan.batchCap() != desired.batchCap()) {
      rollouts++;
    }
    desired = plan;
    reconcile(CapacityType.ON_DEMAND);
    reconcile(CapacityType.SPOT);
  }

  @Override
  public int readyReplicas(CapacityType type) {
    int n = 0;
    for (Replica r : alive) {
      if (r.type == type && r.state == READY) {
        n++;
      }
    }
    return n;
  }

  @Override
  public int readyReplicas() {
    return readyCount;
  }

  @Override
  public Workload workload() {
    return workload;
  }

  @Override
  public WindowStats window(Duration window, double percentile) {
    snapshots.take();
    int from = snapshots.atOrBefore(now - window.toNanos() / 1e9);
    int to = snapshots.size - 1;
    double w = snapshots.time[to] - snapshots.time[from];
    if (w <= 0) {
      return new WindowStats(0, 0, 0, 0, runningTotal, waitingTotal, readyCount > 0 ? kvShareReady / readyCount : 0,
          readyCount > 0 ? batchShareReady / readyCount : 0, readyCount, Double.NaN, Double.NaN, readyCount);
    }
    double ready = (snapshots.ready[to] - snapshots.ready[from]);
    double kv = ready > 0 ? (snapshots.kv[to] - snapshots.kv[from]) / ready : 0;
    double batch = ready > 0 ? (snapshots.batch[to] - snapshots.batch[from]) / ready : 0;
    int c0 = snapshots.completions[from];
    int c1 = snapshots.completions[to];
    double[] ttft = new double[c1 - c0];
    double[] itl = new double[c1 - c0];
    int m = 0;
    for (int k = c0; k < c1; k++) {
      int idx = completionOrder[k];
      ttft[m] = firstToken[idx] - arrival[idx];
      itl[m] = meanItl(idx);
      m++;
    }
    return new WindowStats(w,
        (c1 - c0) / w,
        (snapshots.prompt[to] - snapshots.prompt[from]) / w,
        (snapshots.generation[to] - snapshots.generation[from]) / w,
        (snapshots.running[to] - snapshots.running[from]) / w,
        (snapshots.waiting[to] - snapshots.waiting[from]) / w,
        kv, batch, ready / w,
        Percentiles.of(ttft, m, percentile), Percentiles.of(itl, m, percentile), readyCount);
  }

  @Override
  public int finishedCount() {
    return completions;
  }

  @Override
  public FinishedRequest finished(int i) {
    if (i < 0 || i >= completions) {
      throw new IndexOutOfBoundsException("finished request " + i + " of " + completions);
    }
    int idx = completionOrder[i];
    return new FinishedRequest(input[idx], output[idx], firstToken[idx] - arrival[idx], meanItl(idx),
        finish[idx] - arrival[idx]);
  }

  private double meanItl(int idx) {
    return output[idx] > 1 ? (finish[idx] - firstToken[idx]) / (output[idx] - 1) : 0.0;
  }

  // ---------------------------------------------------------------- time and bookkeeping

  private void advance(double t) {
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

  private Event schedule(double time, int type, Replica r) {
    Event e = new Event(time, eventSeq++, type, r, r == null ? 0 : r.version);
    events.add(e);
    return e;
  }

  private RunResult result() {
    int n = workload.size();
    double[] ttft = new double[completions];
    double[] itl = new double[completions];
    int ttftOk = 0;
    int itlOk = 0;
    for (int k = 0; k < completions; k++) {
      int idx = completionOrder[k];
      ttft[k] = firstToken[idx] - arrival[idx];
      itl[k] = meanItl(idx);
      ttftOk += ttft[k] <= ttftObjective ? 1 : 0;
      itlOk += itl[k] <= itlObjective ? 1 : 0;
    }
    double[] sortedTtft = ttft.clone();
    double[] sortedItl = itl.clone();
    Arrays.sort(sortedTtft);
    Arrays.sort(sortedItl);
    return new RunResult(controller.name(), usd, gpuHours,
        completedOutputTokens > 0 ? usd / completedOutputTokens * 1e6 : Double.POSITIVE_INFINITY,
        n, completions, dropped, completedOutputTokens,
        n > 0 ? (double) ttftOk / n : 1.0, n > 0 ? (double) itlOk / n : 1.0,
        Percentiles.sorted(sortedTtft, 0.5), Percentiles.sorted(sortedTtft, 0.99),
        Percentiles.sorted(sortedItl, 0.5), Percentiles.sorted(sortedItl, 0.99),
        scaleEvents, rollouts, preemptions, outages, generationTokens,
        droppedGeneratedTokens, series.build());
  }

  // ---------------------------------------------------------------- helpers

  private static final class Replica {
    final int id;
    final CapacityType type;
    final int batchCap;
    int state;
    double billedFrom = Double.NaN;
    int running;
    long kvUsed;
    final LongHeap heap = new LongHeap();
    final IntDeque prefill = new IntDeque();
    final IntDeque pending = new IntDeque();
    long pendingKv;
    long step;
    boolean busy;
    boolean kicked;
    boolean prefillRun;
    double runStart;
    double stepSeconds;
    long runSteps;
    int version;
    int preemptToken;

    Replica(int id, CapacityType type, int batchCap) {
      this.id = id;
      this.type = type;
      this.batchCap = batchCap;
    }
  }

  private static final class Event implements Comparable<Event> {
    final double time;
    final long seq;
    final int type;
    final Replica replica;
    int version;

    Event(double time, long seq, int type, Replica replica, int version) {
      this.time = time;
      this.seq = seq;
      this.type = type;
      this.replica = replica;
      this.version = version;
    }

    @Override
    public int compareTo(Event o) {
      int c = Double.compare(time, o.time);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
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
      completions[size] = Simulator.this.completions;
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

  /** Builds the report's time series at each sample tick. */
  private final class SeriesBuilder {
    final List<double[]> rows = new ArrayList<>();
    int lastCompletions;

    void sample() {
      int od = 0;
      int sp = 0;
      int other = 0;
      double rate = 0;
      for (Replica r : alive) {
        if (r.state == READY) {
          if (r.type == CapacityType.SPOT) {
            sp++;
          } else {
            od++;
          }
        } else {
          other++;
        }
        if (r.state != PENDING) {
          rate += r.type == CapacityType.SPOT ? spotUsdPerHour : onDemandUsdPerHour;
        }
      }
      int m = completions - lastCompletions;
      double[] ttft = new double[m];
      double[] itl = new double[m];
      for (int k = 0; k < m; k++) {
        int idx = completionOrder[lastCompletions + k];
        ttft[k] = firstToken[idx] - arrival[idx];
        itl[k] = meanItl(idx);
      }
      lastCompletions = completions;
      double spent = usd;
      for (Replica r : alive) {
        if (!Double.isNaN(r.billedFrom)) {
          spent += Math.max(0, Math.min(now, horizon) - Math.min(r.billedFrom, horizon)) / 3600.0
              * (r.type == CapacityType.SPOT ? spotUsdPerHour : onDemandUsdPerHour);
        }
      }
      rows.add(new double[] {now, od, sp, other, rate, spent, Percentiles.of(ttft, m, 0.5),
          Percentiles.of(ttft, m, 0.99), Percentiles.of(itl, m, 0.99), desired.batchCap()});
    }

    RunResult.Series build() {
      int k = rows.size();
      double[] t = new double[k];
      int[] od = new int[k];
      int[] sp = new int[k];
      int[] other = new int[k];
      double[] rate = new double[k];
      double[] cum = new double[k];
      double[] p50 = new double[k];
      double[] p99 = new double[k];
      double[] i99 = new double[k];
      int[] cap = new int[k];
      for (int i = 0; i < k; i++) {
        double[] r = rows.get(i);
        t[i] = r[0];
        od[i] = (int) r[1];
        sp[i] = (int) r[2];
        other[i] = (int) r[3];
        rate[i] = r[4];
        cum[i] = r[5];
        p50[i] = r[6];
        p99[i] = r[7];
        i99[i] = r[8];
        cap[i] = (int) r[9];
      }
      return new RunResult.Series(t, od, sp, other, rate, cum, p50, p99, i99, cap);
    }
  }
}
