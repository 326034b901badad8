package io.costslo.app.cli;

import io.costslo.api.v1alpha1.InferenceCostPolicy;
import io.costslo.app.policy.InvalidPolicyException;
import io.costslo.app.policy.PolicyFiles;
import io.costslo.app.policy.PolicyMapper;
import io.costslo.app.policy.Violation;
import io.costslo.core.policy.CostPolicy;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one way every command reads a policy file: strict YAML, the operator's own validation and mapping,
 * and every failure as one {@link CliInputException} line that starts with the file name.
 */
public final class PolicyLoader {
  private PolicyLoader() {}

  /** A policy as written and as the decision core sees it. */
  public record Loaded(InferenceCostPolicy resource, CostPolicy core) {}

  public static Loaded load(Path file, Optional<Integer> currentBatch) {
    InferenceCostPolicy policy = resource(file);
    try {
      return new Loaded(policy, new PolicyMapper().toCore(policy.getSpec(), currentBatch));
    } catch (InvalidPolicyException e) {
      throw new CliInputException(file + ": " + e.violations().stream().map(Violation::toString)
          .collect(Collectors.joining("; ")), e);
    } catch (IllegalArgumentException e) {
      throw new CliInputException(file + ": " + e.getMessage(), e);
    }
  }

  /** The resource only, unvalidated beyond its YAML shape (observe reads metrics settings from it). */
  public static InferenceCostPolicy resource(Path file) {
    try {
      InferenceCostPolicy policy = PolicyFiles.load(file);
      if (policy.getSpec() == null) {
        throw new IllegalArgumentException("spec: missing; compare with examples/llama3-8b-cost-policy.yaml");
      }
      return policy;
    } catch (IllegalArgumentException e) {
      throw new CliInputException(file + ": " + e.getMessage(), e);
    }
  }
}
