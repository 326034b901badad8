package io.costslo.app.policy;

/** One thing wrong with a policy spec: the field path, what is wrong and how to fix it. */
public record Violation(String field, String problem) {
  @Override
  public String toString() {
    return field + ": " + problem;
  }
}
