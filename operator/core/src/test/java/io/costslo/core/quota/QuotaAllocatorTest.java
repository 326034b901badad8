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

  /** Members as "name:priority:wanted[:keep][:fFLOOR]"; expected allowances in the same order. */
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
        Arguments.of("zero available", 0.0, List.of("a:1:10", "b:2:10"), List.of(0.0, 0.0)),
        Arguments.of("floors first, then priority on what is left", 30.0, List.of("hi:2:40:f5", "lo:1:30:f5"),
            List.of(25.0, 5.0)),
        Arguments.of("a floor is kept even for the lowest priority", 12.0, List.of("k:9:40:keep:f2", "lo:0:30:f3"),
            List.of(9.0, 3.0)),
        Arguments.of("floors over what is available: floors only", 4.0, List.of("a:2:10:f3", "b:1:10:f3"),
            List.of(3.0, 3.0)),
        Arguments.of("wanted below its floor counts as the floor", 20.0, List.of("a:1:1:f4", "b:1:8:f2"),
            List.of(20.0 * 4 / 12, 20.0 * 8 / 12)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void allocates(String name, double available, List<String> members, List<Double> expected) {
    List<QuotaMember> ms = new ArrayList<>();
    for (String m : members) {
      String[] p = m.split(":");
      List<String> rest = List.of(p).subList(3, p.length);
      double floor = rest.stream().filter(t -> t.startsWith("f")).mapToDouble(t -> Double.parseDouble(t.substring(1)))
          .findFirst().orElse(0);
      ms.add(new QuotaMember(p[0], Integer.parseInt(p[1]), rest.contains("keep"), UsdPerHour.of(Double.parseDouble(p[2])),
          UsdPerHour.of(floor)));
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
