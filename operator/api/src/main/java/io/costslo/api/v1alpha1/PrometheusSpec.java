package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.costslo.core.units.Durations;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Size;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PrometheusSpec {
  /** http(s)://host[:port][/path]: no user info (@), query or fragment; the host is checked again against the allowed hosts. */
  public static final String URL_PATTERN = "^https?://[^/@?#\\\\\\s]+(/[^@?#\\\\\\s]*)?$";

  @Required
  @Pattern(PrometheusSpec.URL_PATTERN)
  @Size(max = Limits.MAX_URL)
  @JsonPropertyDescription("Base URL, e.g. http://prometheus.monitoring:9090.")
  public String url;

  @JsonPropertyDescription("Secret key holding a bearer token, in the policy's namespace.")
  public SecretKeyRef bearerTokenSecretRef;

  @JsonPropertyDescription("Secret key holding a PEM CA bundle to trust for https.")
  public SecretKeyRef caSecretRef;

  @Default("10s")
  @Pattern(Durations.PATTERN)
  @Size(max = Limits.MAX_DURATION_TEXT)
  @ValidationRule(value = "duration(self) > duration('0s') && duration(self) <= duration('" + Durations.MAX_CEL + "')", message = "prometheus.timeout must be longer than 0 and at most 8760h")
  @JsonPropertyDescription("Timeout of one query.")
  public String timeout = "10s";

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SecretKeyRef {
    @Required
    @Size(min = 1, max = Limits.MAX_NAME)
    public String name;

    @Required
    @Size(min = 1, max = Limits.MAX_NAME)
    public String key;
  }
}
