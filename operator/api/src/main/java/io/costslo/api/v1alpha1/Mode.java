package io.costslo.api.v1alpha1;

public enum Mode {
  Enforce,
  Recommend
}
