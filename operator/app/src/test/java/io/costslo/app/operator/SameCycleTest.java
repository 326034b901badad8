package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.cycle.PolicyCycle;
import io.costslo.core.cycle.ScalingCycle;
import io.costslo.sim.control.CostSloController;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The reconciler and the simulator's costslo controller run the same cycle class: both classes
 * reference {@link PolicyCycle}, and neither drives the inner decision step ({@link ScalingCycle}'s
 * run) on its own.
 */
class SameCycleTest {

  private static String constantPool(Class<?> c) throws IOException {
    try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void reconcilerAndSimulatorControllerBothRunPolicyCycle() throws IOException {
    String cycle = PolicyCycle.class.getName().replace('.', '/');
    String inner = ScalingCycle.class.getName().replace('.', '/');
    for (Class<?> driver : new Class<?>[] {InferenceCostPolicyReconciler.class, CostSloController.class}) {
      String pool = constantPool(driver);
      assertThat(pool).as(driver.getSimpleName() + " runs PolicyCycle").contains(cycle);
      assertThat(pool).as(driver.getSimpleName() + " does not run the inner step itself").doesNotContain(inner);
    }
    assertThat(CostSloController.cycleClass()).isSameAs(PolicyCycle.class);
  }
}
