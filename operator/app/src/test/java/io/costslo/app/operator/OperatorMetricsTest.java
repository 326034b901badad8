package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** costslo_slo_attainment is the fraction of recent evaluated cycles that met the objectives. */
class OperatorMetricsTest {
  static OperatorMetrics.PolicyFigures met(double m) {
    return new OperatorMetrics.PolicyFigures(0.5, 10, 0.5, m, 1, 0, 64);
  }

  @Test
  void attainmentIsARatioOverRecentCyclesAndMetIsTheLastOne() {
    SimpleMeterRegistry r = new SimpleMeterRegistry();
    OperatorMetrics m = new OperatorMetrics(r);
    for (double v : new double[] {1, 1, 0, 1, Double.NaN}) {
      m.policy("ns", "p", met(v));
    }
    assertThat(r.get(OperatorMetrics.SLO_ATTAINMENT).gauge().value()).isEqualTo(0.75);
    assertThat(r.get(OperatorMetrics.SLO_MET).gauge().value()).isNaN();
    m.policy("ns", "p", met(0));
    assertThat(r.get(OperatorMetrics.SLO_MET).gauge().value()).isZero();
    assertThat(r.get(OperatorMetrics.SLO_CHECKS).tag("result", "missed").counter().count()).isEqualTo(2);
    assertThat(r.get(OperatorMetrics.SLO_CHECKS).tag("result", "met").counter().count()).isEqualTo(3);
  }

  @Test
  void attainmentForgetsCyclesBeyondTheWindow() {
    SimpleMeterRegistry r = new SimpleMeterRegistry();
    OperatorMetrics m = new OperatorMetrics(r);
    m.policy("ns", "p", met(0));
    for (int i = 0; i < OperatorMetrics.ATTAINMENT_CYCLES; i++) {
      m.policy("ns", "p", met(1));
    }
    assertThat(r.get(OperatorMetrics.SLO_ATTAINMENT).gauge().value()).isEqualTo(1.0);
  }

  @Test
  void forgettingAPolicyDropsItsSeries() {
    SimpleMeterRegistry r = new SimpleMeterRegistry();
    OperatorMetrics m = new OperatorMetrics(r);
    m.policy("ns", "p", met(1));
    m.targets("ns", "p", new OperatorMetrics.PolicyTargets(2, 0.1, 0.99, Double.NaN, 60));
    m.forget("ns", "p");
    assertThat(r.find(OperatorMetrics.SLO_ATTAINMENT).gauges()).isEmpty();
    assertThat(r.find(OperatorMetrics.OBJECTIVE_TTFT).gauges()).isEmpty();
  }
}
