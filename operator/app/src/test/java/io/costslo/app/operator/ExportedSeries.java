package io.costslo.app.operator;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The series names the operator exports, from OperatorMetrics with every method called, and the JVM binders. */
final class ExportedSeries {
  /** Metric names a query may use: ours and the JVM's. */
  static final Pattern METRIC = Pattern.compile("\\b((?:costslo|jvm|process|operator_sdk)_[a-z0-9_]+)");

  private ExportedSeries() {}

  static Set<String> names() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorMetrics m = new OperatorMetrics(registry);
    m.buildInfo(BuildInfo.VERSION);
    BuildInfo.bindJvmMetrics(registry);
    m.reconciled("ok");
    m.decided("ns", "p", "CheapestFeasible");
    m.metricsUnavailable("ns", "p", "NoData");
    m.scaled("ns", "p");
    m.policy("ns", "p", new OperatorMetrics.PolicyFigures(0.5, 10, 0.8, 1, 0.995, 2, 1, 64));
    m.targets("ns", "p", new OperatorMetrics.PolicyTargets(2, 0.1, 0.99, 1, 60));
    m.latency("ns", "p", OperatorMetrics.Latency.of(Optional.of(Duration.ofMillis(800)), Optional.of(Duration.ofMillis(30))));
    Set<String> names = new TreeSet<>();
    for (String line : registry.scrape().split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    registry.close();
    return names;
  }

  /** Metric names in a PromQL expression. */
  static Set<String> referencedIn(String expr) {
    Set<String> out = new TreeSet<>();
    Matcher x = METRIC.matcher(expr);
    while (x.find()) {
      out.add(x.group(1));
    }
    return out;
  }
}
