package io.costslo.core.quota;

import io.costslo.core.plan.FrontierPoint;
import io.costslo.core.units.UsdPerHour;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** What a policy wants from its quotas, read off the frontier its cycle planned on. */
public final class QuotaDemand {
  private QuotaDemand() {}

  /**
   * The cheapest plan meeting the objectives, or, when none does, the best latency there is (what an
   * SLO-first policy would run). Read off the whole frontier, not the chosen plan, so an allowance
   * that cut the choice does not lower what the policy is next said to want. Empty without a frontier.
   */
  public static Optional<UsdPerHour> wanted(List<FrontierPoint> frontier) {
    Optional<FrontierPoint> meeting = frontier.stream().filter(FrontierPoint::meetsSlo)
        .min(Comparator.comparing(FrontierPoint::expectedCost));
    return meeting.or(() -> frontier.stream().min(Comparator.comparingDouble(FrontierPoint::sloRatio)))
        .map(FrontierPoint::expectedCost);
  }
}
