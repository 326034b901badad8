package io.costslo.core.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.cost.CostModel;
import io.costslo.core.cost.GpuPrice;
import io.costslo.core.load.Load;
import io.costslo.core.model.BuiltInProfiles;
import io.costslo.core.plan.FrontierOptimizer;
import io.costslo.core.plan.FrontierPoint;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.testing.Policies;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a policy wants off its frontier, checked against the frontier itself point by point. */
class QuotaDemandTest {
  private static final CostModel COSTS = CostModel.of(GpuPrice.of(6.88, 3.35), 1, 0, Duration.ofMinutes(5));

  @ParameterizedTest(name = "{0}: TTFT {1} ms, ITL {2} ms at {3} req/s")
  @CsvSource({
      "objectives met, 2000, 60, 20",
      "ITL below what any batch reaches, 2000, 1, 20",
      "every plan saturates, 2000, 60, 5000",
      "no traffic, 2000, 60, 0"})
  void wantedAndFloorOffTheFrontier(String name, long ttftMs, long itlMs, double rate) {
    CostPolicy policy = Policies.on(BuiltInProfiles.LLAMA_8B_H100).objective(0.99, ttftMs, itlMs).replicas(1, 24).build();
    List<FrontierPoint> frontier = FrontierOptimizer.optimize(policy, Load.of(rate, 1000, 250), COSTS).frontier();
    if (frontier.isEmpty()) {
      assertThat(QuotaDemand.wanted(frontier)).as("nothing planned, nothing said").isEmpty();
      return;
    }
    double wanted = QuotaDemand.wanted(frontier).orElseThrow().value();
    double cheapest = frontier.stream().mapToDouble(p -> p.expectedCost().value()).min().orElseThrow();
    double dearest = frontier.stream().mapToDouble(p -> p.expectedCost().value()).max().orElseThrow();
    assertThat(QuotaDemand.floor(policy, COSTS).value()).as("replicas.min on-demand").isEqualTo(6.88)
        .isLessThanOrEqualTo(cheapest);
    double bestRatio = frontier.stream().mapToDouble(FrontierPoint::sloRatio).min().orElseThrow();
    if (frontier.stream().anyMatch(FrontierPoint::meetsSlo)) {
      assertThat(wanted).as("cheapest meeting").isEqualTo(frontier.stream().filter(FrontierPoint::meetsSlo)
          .min(Comparator.comparing(FrontierPoint::expectedCost)).orElseThrow().expectedCost().value());
    } else if (Double.isInfinite(bestRatio)) {
      assertThat(wanted).as("all saturate: all it may have").isEqualTo(dearest);
    } else {
      // No plan meets: nothing cheaper is within 5% of the best ratio, and the point it wants is.
      FrontierPoint chosen = frontier.stream().filter(p -> p.expectedCost().value() == wanted).findFirst().orElseThrow();
      assertThat(chosen.sloRatio()).isLessThanOrEqualTo(bestRatio * (1 + QuotaDemand.UNREACHABLE_TOLERANCE));
      assertThat(frontier).filteredOn(p -> p.expectedCost().value() < wanted)
          .allSatisfy(p -> assertThat(p.sloRatio()).isGreaterThan(bestRatio * (1 + QuotaDemand.UNREACHABLE_TOLERANCE)));
    }
    assertThat(QuotaDemand.wanted(List.of())).isEmpty();
  }
}
