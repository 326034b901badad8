package io.costslo.app.cli;

import io.costslo.core.units.Durations;
import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.api.v1alpha1.MetricsSpec;
import io.costslo.app.metrics.ObservationReport;
import io.costslo.app.metrics.PodScrapeMetricsSource;
import io.costslo.app.metrics.PrometheusMetricsSource;
import io.costslo.app.operator.KubernetesMetricsSources;
import io.costslo.core.metrics.MetricsQuery;
import io.costslo.core.metrics.MetricsSource;
import io.costslo.core.metrics.MetricsUnavailableException;
import io.costslo.core.metrics.Observation;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "observe", mixinStandardHelpOptions = true,
    description = "Print what the operator sees for a policy (figures, their age, any reason it would hold),"
        + " to debug a policy before enabling it.")
public class ObserveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "POLICY.yaml", description = "InferenceCostPolicy YAML.")
  Path file;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static class Source {
    @Option(names = "--prometheus", paramLabel = "URL", description = "Query this Prometheus (HTTP API).")
    URI prometheus;

    @Option(names = "--pods", split = ",", paramLabel = "HOST:PORT", description = "Scrape these endpoints' /metrics.")
    List<String> pods;
  }

  @Option(names = "--interval", defaultValue = "10s", paramLabel = "DURATION",
      description = "Pod scrape: time between the two scrapes rates are computed from (e.g. 10s, 1m). Default: ${DEFAULT-VALUE}.")
  Duration interval;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "table|json",
      description = "Output format, one of ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  OutputFormat output;

  @Option(names = "--namespace", defaultValue = "default", description = "Namespace for the PromQL selector. Default: ${DEFAULT-VALUE}.")
  String namespace;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    InferenceCostPolicy policy = PolicyLoader.resource(file);
    MetricsSpec m = policy.getSpec().metrics != null ? policy.getSpec().metrics : new MetricsSpec();
    Clock clock = Clock.systemUTC();
    Duration maxAge = duration(m.maxAge, "spec.metrics.maxAge");
    MetricsSource metrics;
    Duration window = duration(m.window, "spec.metrics.window");
    if (source.prometheus != null) {
      metrics = new PrometheusMetricsSource(PrometheusMetricsSource.Settings.of(source.prometheus,
          KubernetesMetricsSources.engine(m.engine)).withMaxSampleAge(maxAge), clock);
    } else {
      List<String> endpoints = List.copyOf(source.pods);
      metrics = new PodScrapeMetricsSource(() -> endpoints, new PodScrapeMetricsSource.Settings(
          KubernetesMetricsSources.engine(m.engine), Duration.ofSeconds(2), Duration.ofSeconds(5), maxAge), clock);
      window = interval;
    }
    String target = policy.getSpec().targetRef == null ? "?" : policy.getSpec().targetRef.name;
    MetricsQuery query = new MetricsQuery(namespace, target, window,
        policy.getSpec().objectives == null ? 0.99 : policy.getSpec().objectives.percentile / 100.0,
        m.queries == null ? Map.of() : m.queries);
    if (policy.getSpec().objectives != null && policy.getSpec().objectives.ttft != null
        && policy.getSpec().objectives.itl != null) {
      // The objectives let the source count requests within them: the attainment the operator acts on.
      query = query.withObjectives(duration(policy.getSpec().objectives.ttft, "spec.objectives.ttft"),
          duration(policy.getSpec().objectives.itl, "spec.objectives.itl"));
    }
    if (source.pods != null) {
      // Rates need two scrapes: the first one only sets the baseline.
      try {
        metrics.observe(query);
      } catch (MetricsUnavailableException e) {
        if (!"NoData".equals(e.reason())) {
          return hold(out, query, e);
        }
      }
      Thread.sleep(interval.toMillis());
    }
    try {
      Observation o = metrics.observe(query);
      out.print(output == OutputFormat.json ? ObservationJson.ok(query, o, clock.instant())
          : ObservationReport.render(query, o, clock.instant()));
      out.flush();
      return 0;
    } catch (MetricsUnavailableException e) {
      return hold(out, query, e);
    }
  }

  /** The operator would hold: reported on stdout (it is the answer), exit 1. */
  private int hold(PrintWriter out, MetricsQuery query, MetricsUnavailableException e) {
    out.print(output == OutputFormat.json ? ObservationJson.hold(query, e) : ObservationReport.renderHold(query, e));
    out.flush();
    return 1;
  }

  private Duration duration(String text, String field) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CliInputException(file + ": " + field + ": " + e.getMessage());
    }
  }
}
