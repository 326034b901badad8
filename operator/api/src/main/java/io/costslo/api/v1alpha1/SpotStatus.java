package io.costslo.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The spot companion and whether spot capacity is trusted now; kept in status so a restart keeps it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SpotStatus {
  @JsonPropertyDescription("Name of the companion Deployment that runs the spot replicas.")
  public String companion;

  @JsonPropertyDescription("Replicas the companion is set to.")
  public Integer replicas;

  @JsonPropertyDescription("False while spot is lost: its share runs on-demand until spot has been healthy for spec.capacity.spot.healthyPeriod.")
  public Boolean healthy;

  @JsonPropertyDescription("Last time a spot pod was preempted, evicted or stuck Pending past the timeout (RFC 3339).")
  public String lastDisruptionTime;

  @JsonPropertyDescription("When spot may be used again (RFC 3339), while it is not healthy.")
  public String usableAgainAt;

  @JsonPropertyDescription("What was seen, in words.")
  public String message;
}
