package io.costslo.app.operator;

import io.costslo.api.v1alpha1.BatchKnob;
import io.costslo.api.v1alpha1.PrefillChunkKnob;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes a batch setting a pod template runs with, from a command-line flag
 * ({@code --max-num-seqs 128} or {@code --max-num-seqs=128}) or an environment variable, as the
 * policy's knob names it: the batch cap ({@code spec.batch}) or the prefill chunk ({@code spec.prefillChunk}).
 */
public final class BatchSetting {
  private BatchSetting() {}

  /** Where a setting lives: a container (null = the first), and a flag or an env var. */
  public record Knob(String container, String argument, String env) {
    public static Knob of(BatchKnob k) {
      return k == null ? null : new Knob(k.container, k.argument, k.env);
    }

    public static Knob of(PrefillChunkKnob k) {
      return k == null ? null : new Knob(k.container, k.argument, k.env);
    }
  }

  public static Optional<Container> container(PodSpec pod, BatchKnob knob) {
    return container(pod, Knob.of(knob));
  }

  public static Optional<Integer> read(PodSpec pod, BatchKnob knob) {
    return read(pod, Knob.of(knob));
  }

  public static boolean write(PodSpec pod, BatchKnob knob, Integer value) {
    return write(pod, Knob.of(knob), value);
  }

  public static String describe(BatchKnob knob) {
    return describe(Knob.of(knob));
  }

  public static Optional<Container> container(PodSpec pod, Knob knob) {
    List<Container> containers = pod.getContainers();
    if (containers == null || containers.isEmpty()) {
      return Optional.empty();
    }
    if (knob == null || knob.container() == null) {
      return Optional.of(containers.get(0));
    }
    return containers.stream().filter(c -> knob.container().equals(c.getName())).findFirst();
  }

  /** The cap set in the pod template; empty when the knob is absent or the value is not a number. */
  public static Optional<Integer> read(PodSpec pod, Knob knob) {
    if (knob == null) {
      return Optional.empty();
    }
    return container(pod, knob).flatMap(c -> knob.argument() != null ? fromArgs(c, knob.argument()) : fromEnv(c, knob.env()));
  }

  /**
   * Sets the cap in the pod template in place, keeping the form the template uses ({@code flag N} or
   * {@code flag=N}); appends {@code flag N} (or the env var) when absent. A null value removes the
   * setting, which restores an engine default.
   *
   * @return whether the template changed
   */
  public static boolean write(PodSpec pod, Knob knob, Integer value) {
    Optional<Container> found = container(pod, knob);
    if (knob == null || found.isEmpty()) {
      return false;
    }
    Container c = found.get();
    String before = io.fabric8.kubernetes.client.utils.Serialization.asJson(c);
    String text = value == null ? null : String.valueOf(value);
    if (knob.argument() != null) {
      List<String> args = new java.util.ArrayList<>(c.getArgs() == null ? List.of() : c.getArgs());
      boolean seen = false;
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        if (a.equals(knob.argument()) && i + 1 < args.size()) {
          seen = true;
          if (text == null) {
            args.remove(i + 1);
            args.remove(i);
            i--;
          } else {
            args.set(i + 1, text);
          }
        } else if (a.startsWith(knob.argument() + "=")) {
          seen = true;
          if (text == null) {
            args.remove(i);
            i--;
          } else {
            args.set(i, knob.argument() + "=" + text);
          }
        }
      }
      if (!seen && text != null) {
        args.add(knob.argument());
        args.add(text);
      }
      c.setArgs(args);
      return !before.equals(io.fabric8.kubernetes.client.utils.Serialization.asJson(c));
    }
    List<EnvVar> env = new java.util.ArrayList<>(c.getEnv() == null ? List.of() : c.getEnv());
    env.removeIf(e -> knob.env().equals(e.getName()) && text == null);
    boolean seen = false;
    for (EnvVar e : env) {
      if (knob.env().equals(e.getName())) {
        seen = true;
        e.setValue(text);
        e.setValueFrom(null);
      }
    }
    if (!seen && text != null) {
      env.add(new EnvVar(knob.env(), text, null));
    }
    c.setEnv(env);
    return !before.equals(io.fabric8.kubernetes.client.utils.Serialization.asJson(c));
  }

  /** How a knob reads in events: {@code --max-num-seqs} or {@code env MAX_NUM_SEQS}. */
  public static String describe(Knob knob) {
    return knob.argument() != null ? knob.argument() : "env " + knob.env();
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
