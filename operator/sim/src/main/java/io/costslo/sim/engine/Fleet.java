package io.costslo.sim.engine;

import io.costslo.core.plan.Plan;
import java.util.ArrayList;
import java.util.List;

/**
 * The Deployments of one policy (one per capacity type): replicas are created (billed from then, ready
 * after the cold start), drained on scale-down (no new work; terminated when idle or after the grace
 * period, dropping what still runs), rolled to a new batch cap or prefill chunk with surge and never below the desired
 * ready count. Capacity moved between on-demand and spot is made before it is broken: a type is
 * lowered only as far as the other type's ready replicas replace it.
 */
final class Fleet {
  final List<Replica> alive = new ArrayList<>();
  private final SimConfig config;
  private final boolean instant;
  private final EventQueue events;
  private final ReplicaEngine engine;
  private final Router router;
  private final MetricsRecorder m;
  private final Billing billing;
  private final SpotMarket spot;
  private int nextId;
  Plan desired;

  Fleet(SimConfig config, boolean instant, EventQueue events, ReplicaEngine engine, Router router, MetricsRecorder m,
      Billing billing, SpotMarket spot) {
    this.config = config;
    this.instant = instant;
    this.events = events;
    this.engine = engine;
    this.router = router;
    this.m = m;
    this.billing = billing;
    this.spot = spot;
  }

  /** The initial plan's replicas, ready at time 0. */
  void start(Plan plan) {
    desired = plan;
    for (CapacityType type : CapacityType.values()) {
      for (int i = 0; i < count(plan, type); i++) {
        Replica r = create(type, plan, 0.0);
        if (r.state == Replica.STARTING) {
          becomeReady(r, 0.0);
        }
      }
    }
  }

  Replica create(CapacityType type, Plan settings, double now) {
    Replica r = new Replica(nextId++, type, settings.batchCap(), settings.prefillChunk().orElse(0));
    alive.add(r);
    if (type == CapacityType.SPOT && !spot.available()) {
      r.state = Replica.PENDING; // no spot capacity to be had: the pod waits, unbilled
    } else {
      provision(r, now);
    }
    return r;
  }

  void provision(Replica r, double now) {
    r.state = Replica.STARTING;
    billing.start(r, now);
    spot.provisioned(r, now);
    events.schedule(instant ? now : now + config.coldStart().toNanos() / 1e9, EventQueue.READY, r);
  }

  void becomeReady(Replica r, double now) {
    r.state = Replica.READY;
    m.ready(+1);
    router.add(r);
    engine.kick(r, now);
  }

  /** Stops sending work to a replica; it finishes what it runs, then terminates. */
  void drain(Replica r, double now) {
    if (r.state == Replica.PENDING || r.state == Replica.STARTING) {
      terminate(r, now);
      return;
    }
    m.contribute(r, -1);
    m.ready(-1);
    router.remove(r);
    r.state = Replica.DRAINING;
    engine.requeueWaiting(r);
    if (!r.busy && r.running == 0) {
      terminate(r, now);
    } else {
      events.schedule(now + config.drainGrace().toNanos() / 1e9, EventQueue.DRAIN_DEADLINE, r, -1);
    }
    kickIdle(now);
  }

  /** The replica vanishes: running requests are dropped, queued ones return to the shared queue. */
  void kill(Replica r, double now) {
    if (r.state == Replica.READY) {
      m.contribute(r, -1);
      m.ready(-1);
      router.remove(r);
      r.state = Replica.DRAINING; // out of the sums before its batch is lost
    }
    engine.kill(r, now);
    terminate(r, now);
    kickIdle(now);
  }

  void terminate(Replica r, double now) {
    if (r.state == Replica.GONE) {
      return;
    }
    if (r.state == Replica.READY) {
      m.contribute(r, -1);
      m.ready(-1);
      router.remove(r);
    }
    r.state = Replica.GONE;
    r.version++;
    r.busy = false;
    billing.stop(r, now);
    alive.remove(r);
  }

  /** Requeued requests may fit on an idle replica right away. */
  private void kickIdle(double now) {
    for (Replica other : alive) {
      if (other.state == Replica.READY && !other.busy && !other.kicked) {
        other.kicked = true;
        events.schedule(now, EventQueue.KICK, other, -1);
      }
    }
  }

  /** Moves the fleet of one capacity type towards the desired count and batch cap (maxSurge, maxUnavailable 0). */
  void reconcile(CapacityType type, double now) {
    int n = count(desired, type);
    CapacityType other = type == CapacityType.SPOT ? CapacityType.ON_DEMAND : CapacityType.SPOT;
    int otherReady = 0;
    int mine = 0;
    for (Replica r : alive) {
      if (r.type == other && r.state == Replica.READY && upToDate(r)) {
        otherReady++;
      } else if (r.type == type && r.state != Replica.DRAINING) {
        mine++;
      }
    }
    // Make before break: keep replicas of this type that the other type's ready ones do not yet replace.
    int shortfall = Math.max(0, count(desired, other) - otherReady);
    n = Math.max(n, Math.min(mine, n + shortfall));
    List<Replica> upToDate = new ArrayList<>();
    List<Replica> outdated = new ArrayList<>();
    int upToDateReady = 0;
    for (Replica r : alive) {
      if (r.type != type || r.state == Replica.DRAINING) {
        continue;
      }
      if (upToDate(r)) {
        upToDate.add(r);
        upToDateReady += r.state == Replica.READY ? 1 : 0;
      } else {
        outdated.add(r);
      }
    }
    while (upToDate.size() > n) {
      Replica victim = removalCandidate(upToDate);
      upToDate.remove(victim);
      upToDateReady -= victim.state == Replica.READY ? 1 : 0;
      drain(victim, now);
    }
    int keepOld = Math.max(0, n - upToDateReady);
    while (outdated.size() > keepOld) {
      Replica victim = removalCandidate(outdated);
      outdated.remove(victim);
      drain(victim, now);
    }
    int surge = outdated.isEmpty() ? 0 : Math.max(1, (int) Math.ceil(config.maxSurge() * n));
    while (upToDate.size() < n && upToDate.size() + outdated.size() < n + surge) {
      upToDate.add(create(type, desired, now));
    }
  }

  /** Whether a replica runs the desired batch settings (cap and prefill chunk; a change rolls it). */
  private boolean upToDate(Replica r) {
    return r.batchCap == desired.batchCap() && r.tokenBudget == desired.prefillChunk().orElse(0);
  }

  void reconcileAll(double now) {
    reconcile(CapacityType.ON_DEMAND, now);
    reconcile(CapacityType.SPOT, now);
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
    return r.state == Replica.PENDING ? 0 : r.state == Replica.STARTING ? 1 : 2;
  }

  private static boolean better(Replica a, Replica b) {
    if (a.state == Replica.READY) {
      int la = a.outstanding();
      int lb = b.outstanding();
      return la != lb ? la < lb : a.id > b.id;
    }
    return a.id > b.id;
  }

  static int count(Plan plan, CapacityType type) {
    return type == CapacityType.SPOT ? plan.spotReplicas() : plan.onDemandReplicas();
  }

  int ready(CapacityType type) {
    int n = 0;
    for (Replica r : alive) {
      if (r.type == type && r.state == Replica.READY) {
        n++;
      }
    }
    return n;
  }

  /**
   * A capacity event from the queue: a cold start ended, a spot replica was reclaimed, a spot outage
   * began or ended, or a draining replica's grace period ran out.
   */
  void capacityEvent(EventQueue.Event e, double now) {
    Replica r = e.replica;
    switch (e.type) {
      case EventQueue.READY -> {
        if (r.state == Replica.STARTING) {
          becomeReady(r, now);
          reconcileAll(now);
        }
      }
      case EventQueue.SPOT_RECLAIM -> {
        if (r.state != Replica.GONE && r.state != Replica.PENDING && e.version == r.reclaimToken) {
          spot.reclaims++;
          kill(r, now);
          reconcile(CapacityType.SPOT, now);
        }
      }
      case EventQueue.DRAIN_DEADLINE -> {
        if (r.state == Replica.DRAINING) {
          kill(r, now);
        }
      }
      case EventQueue.OUTAGE_START -> {
        spot.outageStarted();
        for (Replica s : new ArrayList<>(alive)) {
          if (s.type == CapacityType.SPOT && s.state != Replica.PENDING) {
            spot.reclaims++;
            kill(s, now);
          }
        }
        reconcile(CapacityType.SPOT, now);
      }
      case EventQueue.OUTAGE_END -> {
        if (spot.outageEnded()) {
          for (Replica s : new ArrayList<>(alive)) {
            if (s.state == Replica.PENDING) {
              provision(s, now);
            }
          }
        }
      }
      default -> throw new IllegalArgumentException("not a capacity event: " + e.type);
    }
  }
}
