package io.costslo.app.operator;

import io.costslo.api.v1alpha1.BatchKnob;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Optional;

/**
 * Reads the batch cap a pod template runs with, from a command-line flag ({@code --max-num-seqs 128}
 * or {@code --max-num-seqs=128}) or an environment variable, as the policy's batch knob names it.
 */
public final class BatchSetting {
  private BatchSetting() {}

  public static Optional<Container> container(PodSpec pod, BatchKnob knob) {
    List<Container> containers = pod.getContainers();
    if (containers == null || containers.isEmpty()) {
      return Optional.empty();
    }
    if (knob == null || knob.container == null) {
      return Optional.of(containers.get(0));
    }
    return containers.stream().filter(c -> knob.container.equals(c.getName())).findFirst();
  }

  /** The cap set in the pod template; empty when the knob is absent or the value is not a number. */
  public static Optional<Integer> read(PodSpec pod, BatchKnob knob) {
    if (knob == null) {
      return Optional.empty();
    }
    return container(pod, knob).flatMap(c -> knob.argument != null ? fromArgs(c, knob.argument) : fromEnv(c, knob.env));
  }

  private static Optional<Integer> fromArgs(Container c, String flag) {
    List<String> args = c.getArgs() == null ? List.of() : c.getArgs();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals(flag) && i + 1 < args.size()) {
        return parse(args.get(i + 1));
      }
      if (a.startsWith(flag + "=")) {
        return parse(a.substring(flag.length() + 1));
      }
    }
    return Optional.empty();
  }

  private static Optional<Integer> fromEnv(Container c, String name) {
    if (c.getEnv() == null) {
      return Optional.empty();
    }
    return c.getEnv().stream().filter(e -> name.equals(e.getName())).map(EnvVar::getValue).findFirst()
        .flatMap(BatchSetting::parse);
  }

  private static Optional<Integer> parse(String value) {
    try {
      return Optional.of(Integer.parseInt(value.trim()));
    } catch (NumberFormatException | NullPointerException e) {
      return Optional.empty();
    }
  }
}
