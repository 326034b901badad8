package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PrometheusSpec {
  @Required
  @Pattern("^https?://.+")
  @JsonPropertyDescription("Base URL, e.g. http://prometheus.monitoring:9090.")
  public String url;

  @JsonPropertyDescription("Secret key holding a bearer token, in the policy's namespace.")
  public SecretKeyRef bearerTokenSecretRef;

  @JsonPropertyDescription("Secret key holding a PEM CA bundle to trust for https.")
  public SecretKeyRef caSecretRef;

  @Default("10s")
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription("Timeout of one query.")
  public String timeout = "10s";

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SecretKeyRef {
    @Required
    public String name;

    @Required
    public String key;
  }
}
