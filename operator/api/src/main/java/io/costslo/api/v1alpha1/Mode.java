package io.costslo.api.v1alpha1;

/**
 * Spec enums are strings on the wire so that a typo reaches the reconciler, which names the field
 * in a condition, instead of failing deserialization where nobody sees it.
 */
public enum Mode {
  Enforce,
  Recommend
}
