package io.costslo.core.cycle;

/** Whether a cycle changes the workload (ENFORCE) or only reports what it would do (RECOMMEND). */
public enum Mode {
  ENFORCE,
  RECOMMEND
}
