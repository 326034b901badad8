package io.costslo.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The committed CRD YAML must be exactly what the Java classes generate. */
class CrdDriftTest {
  private static final String CRD = "inferencecostpolicies.costslo.io-v1.yml";

  @ParameterizedTest
  @ValueSource(strings = {"crds", "helm/costslo/crds", "helm/costslo-crd/templates"})
  void committedCrdMatchesGenerated(String dir) throws IOException {
    try (var in = getClass().getResourceAsStream("/META-INF/fabric8/" + CRD)) {
      assertThat(in).as("generated CRD on the classpath").isNotNull();
      String generated = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      Path committed = RepoPaths.root().resolve(dir).resolve(CRD);
      assertThat(committed).exists();
      assertThat(Files.readString(committed))
          .as("%s is out of date with the Java API classes; regenerate with: "
              + "mvn -pl operator/api -Pupdate-crds process-classes", committed)
          .isEqualTo(generated);
    }
  }
}
