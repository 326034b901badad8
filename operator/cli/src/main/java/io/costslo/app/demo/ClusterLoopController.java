package io.costslo.app.demo;

import io.costslo.core.units.Durations;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.app.operator.BatchSetting;
import io.costslo.core.plan.Plan;
import io.costslo.core.cycle.SpotEvidence;
import io.costslo.sim.control.CostSloController;
import io.costslo.sim.control.SpotWatch;
import io.costslo.sim.endpoint.VllmMetricsEndpoint;
import io.costslo.sim.engine.CapacityType;
import io.costslo.sim.engine.Controller;
import io.costslo.sim.engine.SimContext;
import io.costslo.sim.engine.WindowStats;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The simulated fleet's side of the closed loop. At each reconcile interval it shows the cluster
 * what the simulated replicas did (ready pods, vLLM metrics on each pod's endpoint), moves the
 * shared clock, waits for the real operator to decide, and makes the simulated fleet follow the
 * Deployments the operator wrote (replicas on-demand and spot, batch cap).
 */
public final class ClusterLoopController implements Controller {
  public static final String NAME = "operator";
  /** Longest real time to wait for one decision; a missed one leaves the fleet as it is. */
  public static final Duration DECISION_WAIT = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final String namespace;
  private final String policyName;
  private final SharedClock clock;
  private final SimulatedPods pods;
  private final Plan initial;
  private final Duration interval;
  private final Consumer<Tick> progress;
  private int published;
  private int missedDecisions;
  private final SpotWatch spotWatch = new SpotWatch(CostSloController.PENDING_TIMEOUT);
  private java.util.Optional<Instant> shownDisruption = java.util.Optional.empty();

  /** What one step looked like, for a progress line. */
  public record Tick(Instant at, InferenceCostPolicy policy, Plan plan, WindowStats window) {}

  public ClusterLoopController(KubernetesClient client, String namespace, String policyName, SharedClock clock,
      SimulatedPods pods, Plan initial, Consumer<Tick> progress) {
    this.client = client;
    this.namespace = namespace;
    this.policyName = policyName;
    this.clock = clock;
    this.pods = pods;
    this.initial = initial;
    this.progress = progress;
    this.interval = Durations.parse(policy().getSpec().reconcileInterval);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Plan initialPlan() {
    return initial;
  }

  @Override
  public Duration interval() {
    return interval;
  }

  public int missedDecisions() {
    return missedDecisions;
  }

  @Override
  public void tick(SimContext ctx) {
    Instant now = ctx.now();
    InferenceCostPolicy policy = policy();
    String target = policy.getSpec().targetRef.name;
    Deployment onDemand = deployment(target);
    Deployment spot = deployment(target + "-spot");
    pods.sync(onDemand, ctx.readyReplicas(CapacityType.ON_DEMAND));
    SpotEvidence evidence = spotWatch.observe(ctx);
    if (spot != null) {
      pods.sync(spot, ctx.readyReplicas(CapacityType.SPOT));
      // The same evidence the simulator's costslo controller gets, shown to the operator as pods.
      if (evidence.latestDisruption().isPresent() && !evidence.latestDisruption().equals(shownDisruption)) {
        pods.disrupted(spot, evidence.latestDisruption().get());
        shownDisruption = evidence.latestDisruption();
      }
    }
    publish(ctx, policy.getSpec().objectives.percentile / 100.0);
    clock.set(now);
    if (!awaitDecision(now)) {
      missedDecisions++;
    }
    Plan plan = readPlan(policy);
    if (!plan.equals(ctx.desired())) {
      ctx.apply(plan);
    }
    spotWatch.applied(ctx);
    progress.accept(new Tick(now, policy(), plan, ctx.window(interval, policy.getSpec().objectives.percentile / 100.0)));
  }

  /** Finished requests since the last tick go to the pods round-robin; gauges are shared evenly. */
  private void publish(SimContext ctx, double percentile) {
    for (; published < ctx.finishedCount(); published++) {
      VllmMetricsEndpoint pod = pods.next();
      if (pod == null) {
        continue;
      }
      SimContext.FinishedRequest r = ctx.finished(published);
      pod.recordRequest(r.promptTokens(), Math.max(1, r.outputTokens()), seconds(r.ttftSeconds()),
          seconds(r.meanItlSeconds()), seconds(r.e2eSeconds()));
    }
    WindowStats w = ctx.window(interval, percentile);
    List<VllmMetricsEndpoint> all = pods.all();
    for (VllmMetricsEndpoint pod : all) {
      pod.setRunning(w.meanRunning() / all.size());
      pod.setWaiting(w.meanWaiting() / all.size());
      pod.setKvUsage(Math.min(1, Math.max(0, w.meanKvUsage())));
    }
  }

  private boolean awaitDecision(Instant now) {
    long deadline = System.nanoTime() + DECISION_WAIT.toNanos();
    String expected = now.toString();
    while (System.nanoTime() < deadline) {
      InferenceCostPolicy p = policy();
      if (p.getStatus() != null && expected.equals(p.getStatus().lastDecisionTime)) {
        return true;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private Plan readPlan(InferenceCostPolicy policy) {
    String target = policy.getSpec().targetRef.name;
    Deployment onDemand = deployment(target);
    Deployment spot = deployment(target + "-spot");
    int cap = BatchSetting.read(onDemand.getSpec().getTemplate().getSpec(), policy.getSpec().batch)
        .orElse(initial.batchCap());
    return new Plan(replicas(onDemand), spot == null ? 0 : replicas(spot), cap);
  }

  private static int replicas(Deployment d) {
    return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
  }

  private InferenceCostPolicy policy() {
    return client.resources(InferenceCostPolicy.class).inNamespace(namespace).withName(policyName).get();
  }

  private Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos(Math.max(0, Math.round(s * 1e9)));
  }
}
