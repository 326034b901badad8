package io.costslo.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The committed CRD YAML must be exactly what the Java classes generate. */
class CrdDriftTest {
  static Stream<Arguments> crds() {
    return Stream.of("inferencecostpolicies", "costquotas", "clustercostquotas", "pricecatalogs")
        .flatMap(name -> Stream.of("crds", "helm/costslo/crds", "helm/costslo-crd/templates").map(dir -> Arguments.of(dir, name + ".costslo.io-v1.yml")));
  }

  @ParameterizedTest(name = "{0}/{1}")
  @MethodSource("crds")
  void committedCrdMatchesGenerated(String dir, String crd) throws IOException {
    try (var in = getClass().getResourceAsStream("/META-INF/fabric8/" + crd)) {
      assertThat(in).as("generated CRD on the classpath").isNotNull();
      String generated = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      Path committed = RepoPaths.root().resolve(dir).resolve(crd);
      assertThat(committed).exists();
      assertThat(Files.readString(committed))
          .as("%s is out of date with the Java API classes; regenerate with: "
              + "mvn -pl operator/api -Pupdate-crds process-classes", committed)
          .isEqualTo(generated);
    }
  }
}
