package io.costslo.core.quota;

import io.costslo.core.cost.CostModel;
import io.costslo.core.plan.FrontierPoint;
import io.costslo.core.policy.CostPolicy;
import io.costslo.core.units.UsdPerHour;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** What a policy wants from its quotas, read off the frontier its cycle planned on. */
public final class QuotaDemand {
  /**
   * When no plan meets the objectives, capacity that brings the latency ratio less than this much
   * closer to the best there is buys nothing worth a quota's money.
   */
  public static final double UNREACHABLE_TOLERANCE = 0.05;

  private QuotaDemand() {}

  /**
   * The cheapest plan meeting the objectives; when none does, the cheapest plan within
   * {@link #UNREACHABLE_TOLERANCE} of the best latency ratio (where more replicas stop helping: a
   * latency that capacity cannot fix, say one long prompt's prefill, would otherwise ask for
   * replicas.max); when every plan saturates, the most capacity. Read off the whole frontier, not the chosen plan, so an allowance that cut the
   * choice does not lower what the policy is next said to want. Empty without a frontier.
   */
  public static Optional<UsdPerHour> wanted(List<FrontierPoint> frontier) {
    Optional<FrontierPoint> meeting = frontier.stream().filter(FrontierPoint::meetsSlo)
        .min(Comparator.comparing(FrontierPoint::expectedCost));
    if (meeting.isPresent()) {
      return meeting.map(FrontierPoint::expectedCost);
    }
    double best = frontier.stream().mapToDouble(FrontierPoint::sloRatio).min().orElse(Double.NaN);
    if (!Double.isFinite(best)) {
      // Every plan saturates: it wants all the capacity its bounds allow.
      return frontier.stream().max(Comparator.comparing(FrontierPoint::expectedCost)).map(FrontierPoint::expectedCost);
    }
    return frontier.stream().filter(p -> p.sloRatio() <= best * (1 + UNREACHABLE_TOLERANCE))
        .min(Comparator.comparing(FrontierPoint::expectedCost)).map(FrontierPoint::expectedCost);
  }

  /**
   * What the policy spends whatever its allowance: replicas.min at its cheapest mix (spot within
   * its share where that is cheaper). No allowance goes below it: the bounds are the user's.
   */
  public static UsdPerHour floor(CostPolicy policy, CostModel costs) {
    int min = policy.replicas().min();
    int maxSpot = policy.spot().enabled() ? (int) Math.floor(policy.spot().maxSpotShare() * min + 1e-9) : 0;
    int spot = costs.cheapestSpot(min, maxSpot);
    return costs.expected(min - spot, spot);
  }
}
