package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.api.v1alpha1.BatchKnob;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batch knob is written in the form the template already uses, and can be put back. */
class BatchSettingTest {

  private static BatchKnob argument() {
    BatchKnob k = new BatchKnob();
    k.container = "vllm";
    k.argument = "--max-num-seqs";
    return k;
  }

  private static PodSpec pod(List<String> args, List<EnvVar> env) {
    return new PodSpecBuilder()
        .addNewContainer().withName("sidecar").withArgs("--max-num-seqs", "7").endContainer()
        .addNewContainer().withName("vllm").withArgs(args).withEnv(env).endContainer()
        .build();
  }

  @Test
  void separateValueIsReplacedInPlace() {
    PodSpec p = pod(List.of("--model", "m", "--max-num-seqs", "128", "--port", "8000"), List.of());
    assertThat(BatchSetting.write(p, argument(), 64)).isTrue();
    assertThat(p.getContainers().get(1).getArgs()).containsExactly("--model", "m", "--max-num-seqs", "64", "--port", "8000");
    assertThat(p.getContainers().get(0).getArgs()).as("other containers untouched").containsExactly("--max-num-seqs", "7");
    assertThat(BatchSetting.read(p, argument())).contains(64);
    assertThat(BatchSetting.write(p, argument(), 64)).as("same value, no change").isFalse();
  }

  @Test
  void equalsFormStaysEqualsForm() {
    PodSpec p = pod(List.of("--max-num-seqs=128"), List.of());
    BatchSetting.write(p, argument(), 256);
    assertThat(p.getContainers().get(1).getArgs()).containsExactly("--max-num-seqs=256");
  }

  @Test
  void absentArgumentIsAppendedAndRemovedAgain() {
    PodSpec p = pod(List.of("--model", "m"), List.of());
    BatchSetting.write(p, argument(), 32);
    assertThat(p.getContainers().get(1).getArgs()).containsExactly("--model", "m", "--max-num-seqs", "32");
    BatchSetting.write(p, argument(), null);
    assertThat(p.getContainers().get(1).getArgs()).containsExactly("--model", "m");
  }

  @Test
  void envVariableIsSetAndRemoved() {
    BatchKnob k = new BatchKnob();
    k.env = "MAX_NUM_SEQS";
    PodSpec p = new PodSpecBuilder().addNewContainer().withName("engine")
        .withEnv(new EnvVar("MAX_NUM_SEQS", "128", null), new EnvVar("OTHER", "x", null)).endContainer().build();
    assertThat(BatchSetting.write(p, k, 64)).isTrue();
    assertThat(BatchSetting.read(p, k)).contains(64);
    BatchSetting.write(p, k, null);
    assertThat(p.getContainers().get(0).getEnv()).extracting(EnvVar::getName).containsExactly("OTHER");
  }
}
