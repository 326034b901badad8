package io.costslo.app.operator;

import io.costslo.core.cycle.CycleReport;
import io.costslo.core.metrics.Observation;
import io.costslo.core.plan.Plan;

/** Per-policy series on /metrics from a cycle's report. */
final class ReportMetrics {
  private ReportMetrics() {}

  static void write(OperatorMetrics metrics, String namespace, String name, CycleReport r) {
    if (r.replicasChanged()) {
      metrics.scaled(namespace, name);
    }
    r.metricsFailure().ifPresent(e -> metrics.metricsUnavailable(namespace, name, e.reason()));
    metrics.decided(namespace, name, r.decision().reason().name());
    Plan after = r.after();
    double spend = r.budget().map(b -> b.spend().value()).orElse(Double.NaN);
    double cpt = r.observation().isEmpty() ? Double.NaN
        : r.budget().flatMap(b -> b.costPerMillionTokens()).map(c -> c.value()).orElse(Double.NaN);
    double used = r.budget().map(b -> b.usedRatio()).orElse(Double.NaN);
    double met = r.slo().met().map(m -> m ? 1.0 : 0.0).orElse(Double.NaN);
    // The measured attainment the observation carries, not a count of cycles that met the objectives.
    double attainment = r.observation().flatMap(Observation::attainment).orElse(Double.NaN);
    metrics.policy(namespace, name, new OperatorMetrics.PolicyFigures(cpt, spend, used, met, attainment,
        after.onDemandReplicas(), after.spotReplicas(), after.batchCap()));
    metrics.targets(namespace, name, OperatorMetrics.PolicyTargets.of(r.policy()));
    metrics.latency(namespace, name, OperatorMetrics.Latency.of(r.observation().flatMap(Observation::ttft),
        r.observation().flatMap(Observation::itl)));
    metrics.reconciled("ok");
  }
}
