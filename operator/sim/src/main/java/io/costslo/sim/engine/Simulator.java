package io.costslo.sim.engine;

import io.costslo.core.model.ReplicaProfile;
import io.costslo.core.plan.Plan;
import io.costslo.sim.workload.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.SplittableRandom;

/**
 * Discrete-event simulation of a fleet of replicas serving a workload, driven by one {@link Controller}.
 * This class runs the clock and hands each event to its part:
 * <ul>
 *   <li>{@link EventQueue}: pending events, O(log n) each;
 *   <li>{@link Router}: least outstanding requests among ready replicas with a free slot, else a shared
 *       FIFO queue the replicas pull from (O(log n) per arrival);
 *   <li>{@link ReplicaEngine}: each replica's engine scheduler (chunked prefill or prefill-first, KV
 *       admission, growth and recompute preemption, step times from the profile's step model);
 *   <li>{@link Fleet}: the Deployments (cold start, drain, rollout, make-before-break between types) and
 *       the capacity events (ready, reclaim, outage, drain deadline);
 *   <li>{@link SpotMarket}: reclaims and correlated outages; {@link Billing}: what the fleet costs;
 *   <li>{@link MetricsRecorder}: what a metrics backend sees, TTFT and per-token ITL, and
 *       {@link WindowAttainment}; {@link SeriesRecorder}: the report's time series.
 * </ul>
 * A request whose prompt + output exceed one replica's KV cache is refused at arrival and counted as
 * such. The run lasts until every request is resolved (at least the workload's horizon, at most 2 h
 * past it, where what is unfinished is dropped and counted); controllers act throughout and the fleet
 * is billed throughout.
 */
public final class Simulator implements SimContext {
  /** Epoch of the simulated clock: fixed so reports are reproducible. */
  public static final Instant EPOCH = Instant.parse("2026-01-05T00:00:00Z");

  /** Controllers first act after this much metrics history (the longest default window, CostSLO's 2 min). */
  public static final double CONTROL_WARMUP_SECONDS = 120;

  /** How long past the horizon the run may go on serving what is left. */
  public static final double HARD_STOP_AFTER_HORIZON_SECONDS = 2 * 3600;

  private final Workload workload;
  private final Requests q;
  private final SimConfig config;
  private final Controller controller;
  private final double horizon;
  private final double ttftObjective;
  private final double itlObjective;
  private final EventQueue events = new EventQueue();
  private final IntDeque shared = new IntDeque();
  private final Router router = new Router();
  private final MetricsRecorder m;
  private final Billing billing;
  private final SpotMarket market;
  private final ReplicaEngine engine;
  private final Fleet fleet;
  private final SeriesRecorder series = new SeriesRecorder();
  private final long maxGaps;
  private double now;
  /** Percentile a probe must meet; NaN: run to the end (see {@link #runMeets}). */
  private double stopBelow = Double.NaN;
  private boolean stoppedEarly;
  /** Attainment over what the loop judged before it ended (a stopped probe's unarrived requests excluded). */
  private double attainmentSoFar = Double.NaN;
  private RunResult lastResult;
  private boolean finished;
  private int scaleEvents;
  private int rollouts;
  private long wallNanos;

  public Simulator(Workload workload, ReplicaProfile profile, double onDemandUsdPerReplicaHour,
      double spotUsdPerReplicaHour, SimConfig config, long seed, Controller controller, Duration ttftObjective,
      Duration itlObjective) {
    this(workload, profile, onDemandUsdPerReplicaHour, spotUsdPerReplicaHour, config, seed, controller, ttftObjective,
        itlObjective, 0.99);
  }

  /** As above, with the objectives' percentile (for the policy's attainment). */
  public Simulator(Workload workload, ReplicaProfile profile, double onDemandUsdPerReplicaHour,
      double spotUsdPerReplicaHour, SimConfig config, long seed, Controller controller, Duration ttftObjective,
      Duration itlObjective, double percentile) {
    if (workload.size() > ReplicaEngine.MAX_REQUESTS) {
      throw new IllegalArgumentException("workload too large: " + workload.size() + " requests");
    }
    this.workload = workload;
    this.q = new Requests(workload);
    this.config = config;
    this.controller = controller;
    this.horizon = workload.horizonSeconds();
    this.ttftObjective = ttftObjective.toNanos() / 1e9;
    this.itlObjective = itlObjective.toNanos() / 1e9;
    this.m = new MetricsRecorder(q, profile.kvCacheTokens(),
        new WindowAttainment(percentile, this.ttftObjective, this.itlObjective), this.ttftObjective,
        this.itlObjective);
    this.billing = new Billing(onDemandUsdPerReplicaHour, spotUsdPerReplicaHour, profile.gpusPerReplica());
    this.market = new SpotMarket(config, new SplittableRandom(seed), events);
    this.engine = new ReplicaEngine(q, profile, config, shared, m, events, router);
    this.fleet = new Fleet(config, controller.instantCapacity(), events, engine, router, m, billing, market);
    long gaps = 0;
    for (int i = 0; i < q.n; i++) {
      gaps += Math.max(0, q.output[i] - 1);
    }
    this.maxGaps = gaps;
  }

  // ---------------------------------------------------------------- run loop

  public RunResult run() {
    long started = System.nanoTime();
    simulate();
    RunResult r = lastResult();
    wallNanos = System.nanoTime() - started;
    return r;
  }

  /** The event loop and the end-of-run bookkeeping; the result is built on demand ({@link #lastResult}). */
  private void simulate() {
    market.scheduleOutages(horizon);
    fleet.start(controller.initialPlan());
    events.schedule(0.0, EventQueue.SAMPLE, null);
    double interval = controller.interval().toNanos() / 1e9;
    // An operator that was already running would have a full metrics window at t=0; here metrics
    // start at 0, so controllers first act once CONTROL_WARMUP of them exists.
    events.schedule(Math.max(interval, CONTROL_WARMUP_SECONDS), EventQueue.CONTROL, null);
    int next = 0;
    int n = q.n;
    double hardStop = horizon + HARD_STOP_AFTER_HORIZON_SECONDS;
    ProbeStop stop = Double.isNaN(stopBelow) ? null : new ProbeStop(n, maxGaps, stopBelow);
    while (true) {
      boolean none = events.isEmpty();
      boolean arrivalFirst = next < n && (none || q.arrival[next] <= events.peekTime());
      if (!arrivalFirst && none) {
        break;
      }
      double t = arrivalFirst ? q.arrival[next] : events.peekTime();
      if ((next >= n && resolved() >= n && t >= horizon) || t > hardStop) {
        break;
      }
      advance(t);
      if (arrivalFirst) {
        arrive(next++);
        continue;
      }
      EventQueue.Event e = events.poll();
      handle(e, interval);
      if (stop != null && stop.certainMiss(m.ttftMisses, m.itl.above())) {
        stoppedEarly = true;
        break;
      }
    }
    double ttftSoFar = next > 0 ? 1 - (double) m.ttftMisses / next : 1.0;
    attainmentSoFar = Math.min(ttftSoFar, m.itl.total() > 0 ? 1 - (double) m.itl.above() / m.itl.total() : 1.0);
    if (stoppedEarly && !m.slotted) { // no partial result to complete: the caller keeps the answer only
      attainmentSoFar = Double.NaN;
      m.release();
      return;
    }
    advance(Math.max(now, horizon));
    m.droppedUnfinished(now);
    new ArrayList<>(fleet.alive).forEach(r -> billing.stop(r, now));
    m.closeWindows(now);
    m.release();
    finished = true;
  }

  /**
   * What the last {@link #run} returned (partial if it stopped early; null after a verdict), built on first
   * call: a stopped probe is usually discarded, and a result selects percentiles over every request.
   */
  public RunResult lastResult() {
    if (lastResult == null && finished && m.slotted) { // none after a verdict
      lastResult = result(); // closes the attainment windows: only ever once
    }
    return lastResult;
  }

  /**
   * Runs as a search's probe: true iff the whole run meets both objectives at {@code percentile}
   * ({@link RunResult#meets}), stopping as soon as it certainly cannot ({@link ProbeStop}). A probe
   * that meets runs to the end; {@link #stoppedEarly} says whether this one did not.
   */
  public boolean runMeets(double percentile) {
    stopBelow = percentile;
    long started = System.nanoTime();
    simulate();
    // From the shares alone (a result, built on demand, selects percentiles over every request).
    boolean meets = !stoppedEarly
        && RunResult.meets(q.shareDoneWithin(ttftObjective), m.itl.shareAtOrBelow(itlObjective), percentile);
    wallNanos = System.nanoTime() - started;
    return meets;
  }

  /** As {@link #runMeets}, keeping only the answer (fixed plan): no slots, series, windows, result or hint. */
  public boolean verdict(double percentile) {
    m.slotted = false;
    return runMeets(percentile);
  }

  /** Most requests (running + waiting) one replica held in the last run: any cap above it replays the same. */
  public int peakOutstanding() {
    return router.peakOutstanding();
  }

  /** Whether the last {@link #runMeets} stopped before the end (its result is then partial). */
  public boolean stoppedEarly() {
    return stoppedEarly;
  }

  /**
   * Attainment when the loop ended; after a stopped probe, where it was heading (a search's hint). NaN before a run.
   */
  public double attainmentSoFar() {
    return attainmentSoFar;
  }

  /** Wall-clock time the last {@link #run} took (for the benchmark's requests-per-second figure). */
  public double wallSeconds() {
    return wallNanos / 1e9;
  }

  private int resolved() {
    return q.completions + m.dropped + m.refused;
  }

  private boolean serving() {
    return now < horizon || resolved() < q.n;
  }

  private void handle(EventQueue.Event e, double interval) {
    Replica r = e.replica;
    switch (e.type) {
      case EventQueue.STEP_END -> {
        if (r.state != Replica.GONE && r.version == e.version) {
          engine.stepEnded(r, now);
          if (r.state == Replica.DRAINING && !r.busy && r.running == 0) {
            fleet.terminate(r, now);
          }
        }
      }
      case EventQueue.KICK -> {
        r.kicked = false;
        if (r.state == Replica.READY && !r.busy) {
          engine.kick(r, now);
        }
      }
      case EventQueue.READY, EventQueue.SPOT_RECLAIM, EventQueue.DRAIN_DEADLINE, EventQueue.OUTAGE_START,
          EventQueue.OUTAGE_END -> fleet.capacityEvent(e, now);
      case EventQueue.CONTROL -> {
        if (serving()) {
          m.snapshot();
          controller.tick(this);
          events.schedule(now + interval, EventQueue.CONTROL, null);
        }
      }
      case EventQueue.SAMPLE -> {
        if (serving() || now <= horizon) {
          m.snapshot();
          if (m.slotted) {
            series.sample(now, fleet, billing, m);
          }
          double step = config.sampleInterval().toNanos() / 1e9;
          double nextSample = now < horizon ? Math.min(horizon, now + step) : now + step;
          if (nextSample > now) {
            events.schedule(nextSample, EventQueue.SAMPLE, null);
          }
        }
      }
      default -> throw new IllegalStateException("unknown event " + e.type);
    }
  }

  private void arrive(int i) {
    if (engine.neverFits(i)) {
      m.refused(i, now);
      return;
    }
    m.moved(0, +1);
    if (!shared.isEmpty()) {
      shared.addLast(i); // older requests are waiting: join them (FIFO)
      return;
    }
    Replica best = router.best();
    if (best == null) {
      shared.addLast(i);
      return;
    }
    best.waiting.addLast(i);
    router.update(best);
    if (!best.busy) {
      // Start at this instant, but after every request arriving at the same instant is routed, as
      // an engine's scheduler batches what is queued when it next runs.
      if (!best.kicked) {
        best.kicked = true;
        events.schedule(now, EventQueue.KICK, best, -1);
      }
    } else {
      engine.cutRun(best, now);
    }
  }

  private void advance(double t) {
    if (t > now) {
      m.advance(t);
      now = t;
    }
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
    return fleet.desired;
  }

  @Override
  public void apply(Plan plan) {
    Plan desired = fleet.desired;
    if (plan.equals(desired)) {
      return;
    }
    if (plan.onDemandReplicas() != desired.onDemandReplicas() || plan.spotReplicas() != desired.spotReplicas()) {
      scaleEvents++;
    }
    if (plan.batchDiffers(desired)) {
      rollouts++;
    }
    fleet.desired = plan;
    fleet.reconcileAll(now);
  }

  @Override
  public int readyReplicas(CapacityType type) {
    return fleet.ready(type);
  }

  @Override
  public int readyReplicas() {
    return m.readyCount;
  }

  @Override
  public double billedUsd() {
    return billing.spentBy(fleet.alive, now);
  }

  @Override
  public Workload workload() {
    return workload;
  }

  @Override
  public WindowStats window(Duration window, double percentile) {
    return m.window(window.toNanos() / 1e9, percentile);
  }

  @Override
  public double[] withinObjectives(Duration window, Duration ttftObjective, Duration itlObjective) {
    return m.within(window.toNanos() / 1e9, ttftObjective.toNanos() / 1e9, itlObjective.toNanos() / 1e9);
  }

  @Override
  public int finishedCount() {
    return q.completions;
  }

  @Override
  public FinishedRequest finished(int i) {
    return q.finished(i);
  }

  // ---------------------------------------------------------------- result

  private RunResult result() {
    int n = q.n;
    double[] ttft = new double[n];
    int started = q.startedTtfts(ttft);
    // The p50 select leaves the array partitioned around its rank: the p99 one searches above it only.
    double p50 = Percentiles.select(ttft, started, 0.5);
    LatencyHistogram itl = m.itl;
    double attainment = m.attainment.share();
    return new RunResult(controller.name(), billing.usd, billing.gpuHours,
        m.completedOutputTokens > 0 ? billing.usd / m.completedOutputTokens * 1e6 : Double.POSITIVE_INFINITY,
        n, q.completions, m.dropped, m.completedOutputTokens,
        q.shareDoneWithin(ttftObjective), itl.shareAtOrBelow(itlObjective),
        p50, Percentiles.select(ttft, Percentiles.rankOf(started, 0.5), started, 0.99),
        itl.percentile(0.5), itl.percentile(0.99),
        scaleEvents, rollouts, market.reclaims, market.outages, m.generationTokens, m.droppedGeneratedTokens,
        series.build(), m.refused, m.kvPreemptions, attainment, m.attainment.windows(), now / 3600.0, controller.setting());
  }
}
