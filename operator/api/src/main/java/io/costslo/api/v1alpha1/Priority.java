package io.costslo.api.v1alpha1;

public enum Priority {
  SLO,
  Budget
}
