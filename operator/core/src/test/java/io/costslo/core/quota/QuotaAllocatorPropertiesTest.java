package io.costslo.core.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.units.UsdPerHour;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The allocator's three promises, on random cases (fixed seed, so a failure reproduces). */
class QuotaAllocatorPropertiesTest {
  private static final double EPS = 1e-7;

  @Test
  void sumPriorityAndMonotonicityHoldOnRandomCases() {
    Random r = new Random(14);
    for (int round = 0; round < 3000; round++) {
      List<QuotaMember> ms = randomMembers(r);
      double wantedSum = ms.stream().mapToDouble(m -> m.wanted().value()).sum();
      double available = r.nextDouble() * wantedSum * 1.5;
      Map<String, Optional<UsdPerHour>> a = QuotaAllocator.allocate(ms, Optional.of(UsdPerHour.of(available)));

      double sum = a.values().stream().mapToDouble(v -> v.orElseThrow().value()).sum();
      assertThat(sum).as("round %d: allowances sum to at most the available rate", round).isLessThanOrEqualTo(available + EPS);
      if (wantedSum <= available) {
        for (QuotaMember m : ms) {
          assertThat(rate(a, m)).as("round %d: everyone gets what it wants when there is room", round)
              .isGreaterThanOrEqualTo(m.wanted().value() - EPS);
        }
      }
      for (QuotaMember hi : ms) {
        boolean hiCut = rate(a, hi) < hi.wanted().value() - EPS;
        for (QuotaMember lo : ms) {
          if (hiCut && lo.priority() < hi.priority()) {
            // lo may hold only what keepSlo protects (its wanted, served before priorities).
            double protectedShare = lo.keepSlo() ? lo.wanted().value() : 0;
            assertThat(rate(a, lo)).as("round %d: %s (priority %d) cut while %s (priority %d) gets more than its protected share",
                round, hi.key(), hi.priority(), lo.key(), lo.priority()).isLessThanOrEqualTo(protectedShare + EPS);
          }
        }
      }
      double raised = available * (1 + r.nextDouble()) + r.nextDouble();
      Map<String, Optional<UsdPerHour>> b = QuotaAllocator.allocate(ms, Optional.of(UsdPerHour.of(raised)));
      for (QuotaMember m : ms) {
        assertThat(rate(b, m)).as("round %d: raising the quota never lowers %s", round, m.key())
            .isGreaterThanOrEqualTo(rate(a, m) - EPS);
      }
    }
  }

  /** Brute-force cross-check: water-filling in tiny increments, highest priority first, reaches the same cut. */
  @Test
  void matchesIncrementalWaterFilling() {
    Random r = new Random(7);
    for (int round = 0; round < 200; round++) {
      List<QuotaMember> ms = randomMembers(r).stream()
          .map(m -> new QuotaMember(m.key(), m.priority(), false, m.wanted())).toList();
      double wantedSum = ms.stream().mapToDouble(m -> m.wanted().value()).sum();
      double available = r.nextDouble() * wantedSum;
      Map<String, Optional<UsdPerHour>> a = QuotaAllocator.allocate(ms, Optional.of(UsdPerHour.of(available)));
      double[] naive = waterFill(ms, available, 20_000);
      for (int i = 0; i < ms.size(); i++) {
        assertThat(rate(a, ms.get(i))).as("round %d member %s", round, ms.get(i).key())
            .isCloseTo(naive[i], org.assertj.core.api.Assertions.within(wantedSum / 20_000 * ms.size() + 1e-9));
      }
    }
  }

  /** Hands out the rate in equal steps, each to the highest priority with unmet demand, proportionally within it. */
  private static double[] waterFill(List<QuotaMember> ms, double available, int steps) {
    double[] g = new double[ms.size()];
    double step = available / steps;
    for (int s = 0; s < steps; s++) {
      int top = Integer.MIN_VALUE;
      double need = 0;
      for (int i = 0; i < ms.size(); i++) {
        if (g[i] < ms.get(i).wanted().value() - 1e-12) {
          top = Math.max(top, ms.get(i).priority());
        }
      }
      for (int i = 0; i < ms.size(); i++) {
        if (ms.get(i).priority() == top) {
          need += Math.max(0, ms.get(i).wanted().value() - g[i]);
        }
      }
      if (need <= 0) {
        break;
      }
      for (int i = 0; i < ms.size(); i++) {
        if (ms.get(i).priority() == top) {
          double out = Math.max(0, ms.get(i).wanted().value() - g[i]);
          g[i] += Math.min(out, step * out / need);
        }
      }
    }
    return g;
  }

  private static List<QuotaMember> randomMembers(Random r) {
    int n = 1 + r.nextInt(6);
    List<QuotaMember> ms = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ms.add(new QuotaMember("p" + i, r.nextInt(3), r.nextInt(4) == 0, UsdPerHour.of(r.nextInt(5) == 0 ? 0 : r.nextDouble() * 100)));
    }
    return ms;
  }

  private static double rate(Map<String, Optional<UsdPerHour>> a, QuotaMember m) {
    return a.get(m.key()).orElseThrow().value();
  }
}
