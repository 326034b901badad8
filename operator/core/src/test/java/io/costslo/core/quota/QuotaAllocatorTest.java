package io.costslo.core.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costslo.core.units.UsdPerHour;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QuotaAllocatorTest {

  /** Members as "name:priority:wanted[:keep]"; expected allowances in the same order. */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("room for all: slack shared by wanted", 100.0, List.of("a:1:20", "b:1:30"), List.of(40.0, 60.0)),
        Arguments.of("exactly enough", 50.0, List.of("a:1:20", "b:1:30"), List.of(20.0, 30.0)),
        Arguments.of("higher priority served in full first", 50.0, List.of("hi:2:40", "lo:1:30"), List.of(40.0, 10.0)),
        Arguments.of("lower priority cut to zero first", 40.0, List.of("hi:2:40", "lo:1:30"), List.of(40.0, 0.0)),
        Arguments.of("same priority shares in proportion", 30.0, List.of("a:1:20", "b:1:40"), List.of(10.0, 20.0)),
        Arguments.of("top level short: proportional there, nothing below", 30.0,
            List.of("a:5:20", "b:5:40", "c:1:10"), List.of(10.0, 20.0, 0.0)),
        Arguments.of("keepSlo served before priority", 50.0, List.of("hi:9:40", "lo:1:30:keep"), List.of(20.0, 30.0)),
        Arguments.of("several keepSlo short: by priority among them", 30.0,
            List.of("k1:2:20:keep", "k2:1:20:keep", "x:9:10"), List.of(20.0, 10.0, 0.0)),
        Arguments.of("nobody wants anything: slack shared equally", 10.0, List.of("a:1:0", "b:1:0"), List.of(5.0, 5.0)),
        Arguments.of("zero available", 0.0, List.of("a:1:10", "b:2:10"), List.of(0.0, 0.0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void allocates(String name, double available, List<String> members, List<Double> expected) {
    List<QuotaMember> ms = new ArrayList<>();
    for (String m : members) {
      String[] p = m.split(":");
      ms.add(new QuotaMember(p[0], Integer.parseInt(p[1]), p.length > 3, UsdPerHour.of(Double.parseDouble(p[2]))));
    }
    Map<String, Optional<UsdPerHour>> out = QuotaAllocator.allocate(ms, Optional.of(UsdPerHour.of(available)));
    for (int i = 0; i < ms.size(); i++) {
      assertThat(out.get(ms.get(i).key()).orElseThrow().value()).as(ms.get(i).key()).isCloseTo(expected.get(i), within(1e-9));
    }
  }

  @org.junit.jupiter.api.Test
  void unlimitedQuotaCapsNobody() {
    var out = QuotaAllocator.allocate(List.of(new QuotaMember("a", 1, false, UsdPerHour.of(5))), Optional.empty());
    assertThat(out.get("a")).isEmpty();
  }
}
