package io.costslo.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * costslo_slo_attainment is the last cycle's measured attainment (the observation's), not a share of
 * cycles; costslo_slo_met and costslo_slo_checks_total count whether each evaluated cycle met the objectives.
 */
class OperatorMetricsTest {
  static OperatorMetrics.PolicyFigures figures(double met, double attainment) {
    return new OperatorMetrics.PolicyFigures(0.5, 10, 0.5, met, attainment, 1, 0, 64);
  }

  @Test
  void attainmentIsTheLastMeasuredOneAndMetCountsCycles() {
    SimpleMeterRegistry r = new SimpleMeterRegistry();
    OperatorMetrics m = new OperatorMetrics(r);
    m.policy("ns", "p", figures(1, 0.999));
    m.policy("ns", "p", figures(0, 0.93));
    m.policy("ns", "p", figures(1, 0.995));
    assertThat(r.get(OperatorMetrics.SLO_ATTAINMENT).gauge().value()).isEqualTo(0.995);
    assertThat(r.get(OperatorMetrics.SLO_MET).gauge().value()).isEqualTo(1);
    assertThat(r.get(OperatorMetrics.SLO_CHECKS).tag("result", "missed").counter().count()).isEqualTo(1);
    assertThat(r.get(OperatorMetrics.SLO_CHECKS).tag("result", "met").counter().count()).isEqualTo(2);
  }

  @Test
  void aCycleWithoutAMeasurementShowsNaNAndCountsNoCheck() {
    SimpleMeterRegistry r = new SimpleMeterRegistry();
    OperatorMetrics m = new OperatorMetrics(r);
    m.policy("ns", "p", figures(1, 0.999));
    m.policy("ns", "p", figures(Double.NaN, Double.NaN));
    assertThat(r.get(OperatorMetrics.SLO_ATTAINMENT).gauge().value()).isNaN();
    assertThat(r.get(OperatorMetrics.SLO_MET).gauge().value()).isNaN();
    assertThat(r.get(OperatorMetrics.SLO_CHECKS).tag("result", "met").counter().count()).isEqualTo(1);
  }

  @Test
  void forgettingAPolicyDropsItsSeries() {
    SimpleMeterRegistry r = new SimpleMeterRegistry();
    OperatorMetrics m = new OperatorMetrics(r);
    m.policy("ns", "p", figures(1, 0.999));
    m.targets("ns", "p", new OperatorMetrics.PolicyTargets(2, 0.1, 0.99, Double.NaN, 60));
    m.forget("ns", "p");
    assertThat(r.find(OperatorMetrics.SLO_ATTAINMENT).gauges()).isEmpty();
    assertThat(r.find(OperatorMetrics.OBJECTIVE_TTFT).gauges()).isEmpty();
  }
}
