package io.costslo.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReservedPoolTest {
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");

  /** Claims as "key:priority:gpusPerReplica:gpus"; expected target shares in the same order. */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("room for all", 8, List.of("a:1:1:3", "b:0:1:2"), List.of(3, 2)),
        Arguments.of("higher priority filled first", 8, List.of("lo:0:1:6", "hi:5:1:6"), List.of(2, 6)),
        Arguments.of("same priority: by name", 4, List.of("b:1:1:3", "a:1:1:3"), List.of(1, 3)),
        Arguments.of("whole replicas only", 5, List.of("tp2:1:2:6", "one:0:1:4"), List.of(4, 1)),
        Arguments.of("a big replica does not fit, a smaller one after it does", 3, List.of("tp4:9:4:8", "one:0:1:2"),
            List.of(0, 2)),
        Arguments.of("nothing reserved", 0, List.of("a:1:1:3"), List.of(0)),
        Arguments.of("nobody claims: all unassigned", 8, List.of("a:1:1:0"), List.of(0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void targetsByPriorityThenName(String name, int reserved, List<String> claims, List<Integer> expected) {
    List<ReservedPool.Claim> cs = claims.stream().map(ReservedPoolTest::claim).toList();
    Map<String, Integer> t = ReservedPool.targets(cs, reserved);
    for (int i = 0; i < cs.size(); i++) {
      assertThat(t.get(cs.get(i).key())).as(cs.get(i).key()).isEqualTo(expected.get(i));
    }
    assertThat(t.values().stream().mapToInt(Integer::intValue).sum()).isLessThanOrEqualTo(reserved);
  }

  /** Random claims in a random order of cycles: the grants never sum above the pool, and settle on the targets. */
  @Test
  void grantsNeverExceedThePoolAndSettleOnTheTargets() {
    Random r = new Random(11);
    for (int round = 0; round < 300; round++) {
      int reserved = r.nextInt(17);
      ReservedPool pool = new ReservedPool();
      List<String> keys = new ArrayList<>();
      Map<String, ReservedPool.Claim> claims = new HashMap<>();
      int n = 1 + r.nextInt(5);
      for (int i = 0; i < n; i++) {
        keys.add("p" + i);
      }
      Instant now = T0;
      for (int step = 0; step < 40; step++) {
        now = now.plusSeconds(10);
        String k = keys.get(r.nextInt(n));
        if (step < 30) { // claims change for a while, then hold
          int per = 1 + (k.hashCode() & 1);
          claims.put(k, new ReservedPool.Claim(k, k.hashCode() % 3, per, per * r.nextInt(8)));
        }
        if (claims.containsKey(k)) {
          pool.claim(claims.get(k), now.plus(Duration.ofHours(1)));
        }
        pool.grant(k, reserved, now, now.plus(Duration.ofHours(1)));
        assertThat(pool.granted(now)).as("round %d step %d", round, step).isLessThanOrEqualTo(reserved);
      }
      // Two full passes over the policies with the claims held: everyone on its target.
      Map<String, Integer> grants = new HashMap<>();
      for (int pass = 0; pass < 2; pass++) {
        for (String k : keys) {
          now = now.plusSeconds(10);
          if (claims.containsKey(k)) {
            pool.claim(claims.get(k), now.plus(Duration.ofHours(1)));
          }
          grants.put(k, pool.grant(k, reserved, now, now.plus(Duration.ofHours(1))));
        }
      }
      Map<String, Integer> targets = ReservedPool.targets(List.copyOf(claims.values()), reserved);
      for (String k : keys) {
        assertThat(grants.get(k)).as("round %d %s", round, k).isEqualTo(targets.getOrDefault(k, 0));
      }
    }
  }

  @Test
  void anExpiredGrantIsReleased() {
    ReservedPool pool = new ReservedPool();
    pool.claim(new ReservedPool.Claim("gone", 9, 1, 4), T0.plusSeconds(60));
    assertThat(pool.grant("gone", 4, T0, T0.plusSeconds(60))).isEqualTo(4);
    pool.claim(new ReservedPool.Claim("new", 0, 1, 4), T0.plusSeconds(600));
    assertThat(pool.grant("new", 4, T0.plusSeconds(30), T0.plusSeconds(600))).as("still held").isZero();
    assertThat(pool.grant("new", 4, T0.plusSeconds(61), T0.plusSeconds(600))).as("released at expiry").isEqualTo(4);
  }

  private static ReservedPool.Claim claim(String s) {
    String[] p = s.split(":");
    return new ReservedPool.Claim(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]));
  }
}
