package io.costslo.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SafeTextTest {

  static Stream<Arguments> escapes() {
    return Stream.of(
        Arguments.of("H100\nINFO forged log line", "H100\\nINFO forged log line"),
        Arguments.of("a\rb\tc", "a\\rb\\tc"),
        Arguments.of("bidi\u202Eevil", "bidi\\u202eevil"),
        Arguments.of("line\u2028separator", "line\\u2028separator"),
        Arguments.of("nul\u0000byte", "nul\\u0000byte"),
        Arguments.of("plain text", "plain text"));
  }

  @ParameterizedTest
  @MethodSource("escapes")
  void controlCharactersAreEscaped(String in, String out) {
    assertThat(SafeText.message(in)).isEqualTo(out);
  }

  @Test
  void longTextIsCappedWithANote() {
    String capped = SafeText.message("x".repeat(100_000));
    assertThat(capped).hasSizeLessThanOrEqualTo(SafeText.MAX_MESSAGE).endsWith("more characters)");
    assertThat(SafeText.value("y".repeat(1000))).hasSizeLessThanOrEqualTo(SafeText.MAX_VALUE + 2);
    // Escapes count against the cap, and a surrogate pair is never cut in half.
    assertThat(SafeText.message("\n".repeat(5000))).hasSizeLessThanOrEqualTo(SafeText.MAX_MESSAGE);
    String emoji = "\uD83D\uDE00".repeat(1000);
    String cut = SafeText.capped(emoji, 101);
    assertThat(Character.isHighSurrogate(cut.charAt(cut.indexOf("...") - 1))).isFalse();
  }
}
