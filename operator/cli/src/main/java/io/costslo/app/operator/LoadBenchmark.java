package io.costslo.app.operator;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.core.load.Load;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.Observation;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Many policies on one operator against the embedded API server (Fabric8 mock, CRUD mode): API
 * requests per reconcile (split into reads and writes), time until every policy has a first status,
 * reconciles per second in steady state, heap after GC and live threads. The metrics source returns
 * a fixed observation (no pod scrape: that is network work, measured elsewhere), so what is measured
 * is the operator: informers, the cycle, status/event/scale writes. The mock server runs in the same
 * JVM, so heap and threads include it.
 */
public final class LoadBenchmark {
  private static final String NS = "load";

  /** One run's figures. */
  public record Result(int policies, double secondsToAllFirstStatus, double loadAverage, double mockServerCpuSeconds,
      double jvmCpuSeconds, double readsPerPolicyToFirstStatus, double writesPerPolicyToFirstStatus, long reconciles, double readsPerReconcile,
      double writesPerReconcile, double reconcilesPerSecond, double heapAfterGcMib, int threads, int threadsBefore) {}

  private LoadBenchmark() {}

  public static Result run(int policies, Duration steady, Consumer<String> progress) {
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
      KubernetesClient client = cluster.client();
      Deployment template = client.load(Examples.stream(Examples.load(null).get(OperatorHarness_DEPLOYMENT)))
          .items().stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst().orElseThrow();
      InferenceCostPolicy policyTemplate = client.resources(InferenceCostPolicy.class)
          .load(Examples.stream(Examples.load(null).get(OperatorHarness_POLICY))).item();
      for (int i = 0; i < policies; i++) {
        Deployment d = io.fabric8.kubernetes.client.utils.Serialization.clone(template);
        d.getMetadata().setName("llm-" + i);
        d.getMetadata().setNamespace(NS);
        d.getSpec().setReplicas(2);
        client.resource(d).inNamespace(NS).create();
        InferenceCostPolicy p = io.fabric8.kubernetes.client.utils.Serialization.clone(policyTemplate);
        p.getMetadata().setName("policy-" + i);
        p.getMetadata().setNamespace(NS);
        p.getSpec().targetRef.name = "llm-" + i;
        client.resource(p).inNamespace(NS).create();
      }
      progress.accept(policies + " Deployments and policies created");
      drain(cluster, null, null);

      AtomicLong reads = new AtomicLong();
      AtomicLong writes = new AtomicLong();
      AtomicBoolean counting = new AtomicBoolean(true);
      Thread counter = new Thread(() -> {
        while (counting.get()) {
          drain(cluster, reads, writes);
        }
      }, "request-counter");
      counter.setDaemon(true);
      counter.start();

      MetricsSource fixed = query -> new Observation(Instant.now(), query.window(), Load.of(20, 1000, 250),
          Optional.of(Duration.ofMillis(400)), Optional.of(Duration.ofMillis(30)), query.percentile(), 20, 0, 0.3, 2,
          List.of());
      KubernetesClient operatorClient = CostSloOperator.client(client.getConfiguration());
      CostSloOperator operator = CostSloOperator.create(operatorClient,
          new OperatorSettings(Set.of(NS), false, null, null, Duration.ofMinutes(10)), Clock.systemUTC(),
          (policy, target) -> fixed);
      // First statuses are seen through a watch, not by listing every policy: a LIST of all policies every
      // half second made the single-threaded mock server serialize them all, time the operator then waited for.
      Set<String> withStatus = ConcurrentHashMap.newKeySet();
      var informer = client.resources(InferenceCostPolicy.class).inNamespace(NS).inform(new ResourceEventHandler<>() {
        @Override
        public void onAdd(InferenceCostPolicy p) {
          seen(p);
        }

        @Override
        public void onUpdate(InferenceCostPolicy before, InferenceCostPolicy p) {
          seen(p);
        }

        @Override
        public void onDelete(InferenceCostPolicy p, boolean unknown) {}

        private void seen(InferenceCostPolicy p) {
          if (p.getStatus() != null && p.getStatus().lastDecisionTime != null) {
            withStatus.add(p.getMetadata().getName());
          }
        }
      });
      KINDS.clear();
      long w00 = writes.get();
      long r00 = reads.get();
      long mock0 = mockServerCpuNanos();
      long cpu0 = processCpuNanos();
      long t0 = System.nanoTime();
      operator.start();
      double first;
      while (true) {
        int done = withStatus.size();
        first = (System.nanoTime() - t0) / 1e9;
        if (done == policies || first > 600) {
          progress.accept(String.format(Locale.ROOT, "%d/%d policies with a first status after %.1f s", done, policies,
              first));
          break;
        }
        sleep(100);
      }
      double mockCpu = (mockServerCpuNanos() - mock0) / 1e9;
      double processCpu = (processCpuNanos() - cpu0) / 1e9;
      // A figure from a busy machine should say so (the cores are shared).
      double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      long firstWrites = writes.get() - w00;
      long firstReads = reads.get() - r00;
      informer.close();
      progress.accept("operator requests to all first statuses: " + new java.util.TreeMap<>(KINDS));
      progress.accept(String.format(Locale.ROOT, "first statuses: mock server %.1f s CPU, whole JVM %.1f s CPU, %d operator reads and %d writes, load %.2f",
          mockCpu, processCpu, firstReads, firstWrites, load));
      double r0 = reconciles(operator);
      long w0 = writes.get();
      long rd0 = reads.get();
      long s0 = System.nanoTime();
      sleep(steady.toMillis());
      double seconds = (System.nanoTime() - s0) / 1e9;
      double reconciles = reconciles(operator) - r0;
      long steadyWrites = writes.get() - w0;
      long steadyReads = reads.get() - rd0;
      System.gc();
      sleep(200);
      System.gc();
      double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
      int threads = ManagementFactory.getThreadMXBean().getThreadCount();
      counting.set(false);
      operator.close();
      operatorClient.close();
      double perReconcile = Math.max(1, reconciles);
      return new Result(policies, first, load, mockCpu, processCpu, firstReads / (double) policies,
          firstWrites / (double) policies,
          (long) reconciles(operator), steadyReads / perReconcile, steadyWrites / perReconcile, reconciles / seconds,
          heap, threads, threadsBefore);
    }
  }

  // The example file names the harness uses; kept here so the benchmark needs no test classes.
  private static final String OperatorHarness_DEPLOYMENT = "vllm-llama3-8b-h100.yaml";
  private static final String OperatorHarness_POLICY = "llama3-8b-cost-policy.yaml";

  /**
   * CPU time of the mock server's request handling: it runs every request on its vert.x event loop, one
   * thread (with the embedded cluster's index, a request no longer costs more the more objects there are).
   */
  private static long mockServerCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t != null && t.getThreadName().startsWith("vert.x-eventloop-thread")) {
        sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
      }
    }
    return sum;
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : 0;
  }

  private static double reconciles(CostSloOperator operator) {
    return operator.registry().find(OperatorMetrics.RECONCILIATIONS).counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  /** Takes the operator's recorded requests off the mock server's queue (it keeps them all otherwise). */
  private static void drain(EmbeddedCluster cluster, AtomicLong reads, AtomicLong writes) {
    try {
      RecordedRequest r;
      while ((r = cluster.server().takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
        if (reads == null || !CostSloOperator.USER_AGENT.equals(r.getHeader("User-Agent"))) {
          continue;
        }
        boolean watch = r.getPath() != null && r.getPath().contains("watch=true");
        if (watch) {
          continue;
        }
        if ("GET".equals(r.getMethod())) {
          reads.incrementAndGet();
        } else {
          writes.incrementAndGet();
        }
        KINDS.computeIfAbsent(r.getMethod() + " " + kind(r.getPath()), k -> new AtomicLong()).incrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The operator's requests by method and resource (".../deployments/x/status" is "deployments/status"). */
  private static final java.util.Map<String, AtomicLong> KINDS = new ConcurrentHashMap<>();

  private static String kind(String path) {
    String[] parts = (path == null ? "" : path.split("\\?")[0]).split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      if ("namespaces".equals(parts[i]) && i + 2 < parts.length) {
        String kind = parts[i + 2];
        return i + 4 < parts.length ? kind + "/" + parts[i + 4] : kind;
      }
    }
    return parts.length > 0 ? parts[parts.length - 1] : "";
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The Markdown section for a list of runs. */
  public static String markdown(List<Result> results, Duration steady) {
    StringBuilder b = new StringBuilder("## Load: many policies on one operator\n\n");
    b.append("Written by `costslo bench-load`. One operator (JOSDK, informers) against the embedded API server\n")
        .append("(Fabric8 mock, CRUD mode) in the same JVM, on this machine's cores; each policy has its own\n")
        .append("Deployment and the example spec (reconcileInterval 30s); metrics are a fixed observation. Requests\n")
        .append("are the operator's own (by user agent), counted over a ").append(steady.toSeconds())
        .append(" s steady window after every policy has a first status; watches excluded. First statuses are\n")
        .append("seen through a watch. The mock server handles every request on one thread; its store is indexed by\n")
        .append("resource and name, so a request costs about the same at any policy count. Mock CPU is that thread's CPU\n")
        .append("time; the operator's share is the rest of the JVM's CPU. Load is the machine's 1-minute load average\n")
        .append("when the last first status came, on ")
        .append(Runtime.getRuntime().availableProcessors()).append(" cores.\n\n")
        .append("| policies | all first statuses (s) | load | mock CPU / JVM CPU to then (s) | reads / writes per policy to then |")
        .append(" reconciles/s (steady) | reads/reconcile | writes/reconcile |")
        .append(" heap after GC (MiB, incl. mock server) | threads (before start) |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Result r : results) {
      b.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.1f / %.1f | %.2f / %.2f | %.1f | %.2f | %.2f | %.0f | %d (%d) |%n",
          r.policies(), r.secondsToAllFirstStatus(), r.loadAverage(), r.mockServerCpuSeconds(), r.jvmCpuSeconds(),
          r.readsPerPolicyToFirstStatus(), r.writesPerPolicyToFirstStatus(), r.reconcilesPerSecond(), r.readsPerReconcile(), r.writesPerReconcile(),
          r.heapAfterGcMib(), r.threads(), r.threadsBefore()));
    }
    b.append("\nGoal: 5,000 first statuses within 60 s, heap < 512 MiB, threads independent of the policy count.\n");
    return b.toString();
  }
}
