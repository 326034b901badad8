package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricsSpec {
  @Default("PodScrape")
  @Pattern("^(PodScrape|Prometheus)$")
  @JsonPropertyDescription("PodScrape reads each ready pod's /metrics; Prometheus queries a Prometheus server.")
  public String source = SourceType.PodScrape.name();

  @Default("vLLM")
  @Pattern("^(vLLM|TGI|SGLang)$")
  @JsonPropertyDescription("Serving engine, which decides the default metric names: vLLM, TGI or SGLang.")
  public String engine = Engine.vLLM.name();

  @Default("8000")
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Pod port serving /metrics (PodScrape).")
  public Integer port = 8000;

  @Default("/metrics")
  @JsonPropertyDescription("Path of the metrics endpoint on the pod (PodScrape).")
  public String path = "/metrics";

  @JsonPropertyDescription("Prometheus connection (source Prometheus).")
  public PrometheusSpec prometheus;

  @Default("2m")
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription("Window rates and percentiles are computed over.")
  public String window = "2m";

  @Default("5m")
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription("Metrics older than this are stale and the plan is held.")
  public String maxAge = "5m";

  @Min(0)
  @JsonPropertyDescription("Replicas to hold at least while metrics are unavailable (like KEDA's fallback). Never scales down.")
  public Integer fallbackReplicas;

  @JsonPropertyDescription("PromQL overrides by figure name (requestRate, ttft, itl, ...).")
  public Map<String, String> queries;

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
