package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.costslo.core.units.Durations;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Size;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.source) || self.source != 'Prometheus' || has(self.prometheus)", message = "source Prometheus needs prometheus.url", fieldPath = ".prometheus")
public class MetricsSpec {
  /**
   * A path on the pod: starts with one slash, no "//" (another host), no user info, query, fragment,
   * backslash or whitespace. Written without nested repetition, so matching is linear.
   */
  public static final String PATH_PATTERN = "^/([^/@?#\\\\\\s][^@?#\\\\\\s]*)?$";

  @Default("PodScrape")
  @SchemaFrom(type = SourceType.class)
  @JsonPropertyDescription("PodScrape reads each ready pod's /metrics; Prometheus queries a Prometheus server.")
  public String source = SourceType.PodScrape.name();

  @Default("vLLM")
  @SchemaFrom(type = Engine.class)
  @JsonPropertyDescription("Serving engine, which decides the default metric names: vLLM, TGI or SGLang.")
  public String engine = Engine.vLLM.name();

  @Default("8000")
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Pod port serving /metrics (PodScrape).")
  public Integer port = 8000;

  @Default("/metrics")
  @Size(min = 1, max = Limits.MAX_PATH)
  @Pattern(MetricsSpec.PATH_PATTERN)
  @JsonPropertyDescription("Path of the metrics endpoint on the pod (PodScrape).")
  public String path = "/metrics";

  @JsonPropertyDescription("Prometheus connection (source Prometheus).")
  public PrometheusSpec prometheus;

  @Default("2m")
  @Pattern(Durations.PATTERN)
  @Size(max = Limits.MAX_DURATION_TEXT)
  @ValidationRule(value = "duration(self) > duration('0s') && duration(self) <= duration('" + Durations.MAX_CEL + "')", message = "metrics.window must be longer than 0 and at most 8760h")
  @JsonPropertyDescription("Window rates and percentiles are computed over.")
  public String window = "2m";

  @Default("5m")
  @Pattern(Durations.PATTERN)
  @Size(max = Limits.MAX_DURATION_TEXT)
  @ValidationRule(value = "duration(self) > duration('0s') && duration(self) <= duration('" + Durations.MAX_CEL + "')", message = "metrics.maxAge must be longer than 0 and at most 8760h")
  @JsonPropertyDescription("Metrics older than this are stale and the plan is held.")
  public String maxAge = "5m";

  @Min(0)
  @Max(Limits.MAX_REPLICAS)
  @JsonPropertyDescription("Replicas to hold at least while metrics are unavailable (like KEDA's fallback). Never scales down.")
  public Integer fallbackReplicas;

  @Size(max = Limits.MAX_QUERIES)
  @ValidationRule(value = "self.all(k, size(k) <= " + Limits.MAX_WORD + ")", message = "queries: names at most 128 characters")
  @JsonPropertyDescription("PromQL overrides by figure name (requestRate, ttft, itl, ...).")
  public Map<String, @Size(max = Limits.MAX_QUERY) String> queries;

  public enum SourceType {
    PodScrape,
    Prometheus
  }

  public enum Engine {
    vLLM,
    TGI,
    SGLang
  }
}
