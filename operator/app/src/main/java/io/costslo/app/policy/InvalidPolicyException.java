package io.costslo.app.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A spec that cannot be turned into a decision; each violation names its field and fix. */
public class InvalidPolicyException extends Exception {
  private final List<Violation> violations;

  public InvalidPolicyException(List<Violation> violations) {
    super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }
}
