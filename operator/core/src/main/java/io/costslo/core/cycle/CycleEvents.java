package io.costslo.core.cycle;

/** Port: hears every cycle's report (Kubernetes Events, simulator logs). */
public interface CycleEvents {
  CycleEvents NONE = report -> { };

  void report(CycleReport report);
}
