package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/** What the stability step remembers between reconciles; kept in status so a restart loses nothing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StabilityStatus {
  /** RFC 3339 time of the last batch cap change. */
  public String lastBatchChange;

  /** Recent replica recommendations within the scale-down window, oldest first. */
  public List<Recommendation> recommendations = new ArrayList<>();

  /**
   * The fleet found running at the first decision, kept as a recommendation while the closed loop has
   * too little history to size for bursts; absent once it has.
   */
  public Recommendation adopted;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Recommendation {
    public String at;
    public Integer replicas;
    /** Of those, on-demand. */
    public Integer onDemandReplicas;

    public Recommendation() {}

    public Recommendation(String at, Integer replicas, Integer onDemandReplicas) {
      this.at = at;
      this.replicas = replicas;
      this.onDemandReplicas = onDemandReplicas;
    }
  }
}
