package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubernetesNamesTest {
  private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
  private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

  @ParameterizedTest
  @ValueSource(ints = {1, 20, 63, 64, 236, 237, 238, 242, 253})
  void derivedNamesFitAndAreDeterministic(int length) {
    String name = ("llama." + "a-b.c".repeat(60)).substring(0, length - 1) + "z";
    String companion = SpotCompanion.name(name);
    assertThat(companion).hasSizeLessThanOrEqualTo(KubernetesNames.MAX_DEPLOYMENT_NAME).endsWith("-spot")
        .matches(SUBDOMAIN).isEqualTo(SpotCompanion.name(name));
    if (name.length() + 5 <= KubernetesNames.MAX_DEPLOYMENT_NAME) {
      assertThat(companion).isEqualTo(name + "-spot");
    }
    String label = KubernetesNames.labelValue(name);
    assertThat(label).hasSizeLessThanOrEqualTo(63).matches(LABEL_VALUE).isEqualTo(KubernetesNames.labelValue(name));
    if (length <= 63) {
      assertThat(label).isEqualTo(name);
    }
    // Two long names that differ only past the cut still get different derived names.
    String other = name.substring(0, name.length() - 1) + "y";
    assertThat(SpotCompanion.name(other)).isNotEqualTo(companion);
    assertThat(KubernetesNames.labelValue(other)).isNotEqualTo(label);
  }
}
