package io.costslo.core.cycle;

/**
 * One change a realizer made to the workload, for events and status.
 *
 * @param reason CamelCase reason, e.g. OnDemandReplicasChanged
 * @param message what was done, in one sentence
 * @param kind what the change touched
 */
public record Actuation(String reason, String message, Kind kind) {

  public enum Kind {
    /** Replicas (or the bounds of whatever owns them) changed. */
    REPLICAS,
    /** The batch cap changed: pods roll. */
    BATCH,
    /** Anything else (a template copied, a companion created with no replicas). */
    OTHER
  }
}
