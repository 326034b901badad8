package io.costslo.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RouterTest {

  private static Replica replica(int id, int cap, int outstanding) {
    Replica r = new Replica(id, CapacityType.ON_DEMAND, cap);
    for (int i = 0; i < outstanding; i++) {
      r.waiting.addLast(i);
    }
    return r;
  }

  private static Router routing(Replica... replicas) {
    Router router = new Router();
    for (Replica r : replicas) {
      router.add(r);
    }
    return router;
  }

  @Test
  void aRolloutBetweenCapsSendsWorkToTheLeastLoadedReplicaNotTheLargestCap() {
    Replica fresh = replica(1, 32, 0);
    assertThat(routing(replica(0, 64, 10), fresh).best()).isSameAs(fresh);
  }

  @Test
  void aFullReplicaTakesNothingEvenWithTheFewestRequests() {
    Replica full = replica(0, 4, 4);
    Replica roomy = replica(1, 64, 20);
    Router router = routing(full, roomy);
    assertThat(router.best()).isSameAs(roomy);
    for (int i = 0; i < 44; i++) {
      roomy.waiting.addLast(i);
    }
    router.update(roomy);
    assertThat(router.best()).isNull();
    full.waiting.pollFirst();
    router.update(full);
    assertThat(router.best()).isSameAs(full);
  }

  /** Brute force: after random load changes the heap's choice is the scan's (fewest outstanding with room, lowest id). */
  @Test
  void theHeapAgreesWithAScanUnderRandomChanges() {
    Random rnd = new Random(7);
    Router router = new Router();
    List<Replica> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Replica r = replica(i, rnd.nextBoolean() ? 32 : 64, rnd.nextInt(40));
      all.add(r);
      router.add(r);
    }
    for (int step = 0; step < 5_000; step++) {
      Replica r = all.get(rnd.nextInt(all.size()));
      if (rnd.nextBoolean() && r.waiting.size() > 0) {
        r.waiting.pollFirst();
      } else {
        r.waiting.addLast(step);
      }
      router.update(r);
      if (rnd.nextInt(50) == 0) {
        router.remove(r);
        router.add(r);
      }
      Replica expected = null;
      for (Replica c : all) {
        if (c.freeSlots() > 0 && (expected == null || c.outstanding() < expected.outstanding()
            || (c.outstanding() == expected.outstanding() && c.id < expected.id))) {
          expected = c;
        }
      }
      assertThat(router.best()).as("step %d", step).isSameAs(expected);
    }
  }
}
