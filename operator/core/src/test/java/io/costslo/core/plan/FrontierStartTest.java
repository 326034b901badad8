package io.costslo.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.costslo.core.quota.QuotaDemand;
import io.costslo.core.testing.RandomCases;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The frontier a decision keeps is the start of the whole one: the same points up to the cheapest plan
 * meeting the objectives and a few beyond, all of it when none meets; so status and a quota's demand
 * read the same figures from it as from the whole frontier.
 */
class FrontierStartTest {

  @Test
  void theDecisionsFrontierIsAPrefixThroughTheCheapestMeetingPlan() {
    int beyond = FrontierOptimizer.DECISION_FRONTIER_BEYOND_MEETING;
    int meeting = 0;
    int none = 0;
    for (long seed = 1; seed <= 400; seed++) {
      RandomCases.Case c = RandomCases.generate(seed, 200, true);
      List<FrontierPoint> start = FrontierOptimizer.optimize(c.policy(), c.load(), c.costs())
          .frontierThroughCheapestMeeting(beyond);
      List<FrontierPoint> whole = FrontierOptimizer.optimize(c.policy(), c.load(), c.costs()).frontier();
      assertThat(whole.subList(0, start.size())).as("seed %d", seed).isEqualTo(start);
      int first = indexOfFirstMeeting(whole);
      if (first < 0) {
        none++;
        assertThat(start).as("seed %d: none meets, all of it", seed).hasSameSizeAs(whole);
      } else {
        meeting++;
        assertThat(start).as("seed %d", seed).hasSize(Math.min(whole.size(), first + 1 + beyond));
      }
      assertThat(QuotaDemand.wanted(start)).as("seed %d", seed).isEqualTo(QuotaDemand.wanted(whole));
    }
    assertThat(meeting).as("cases with a meeting plan").isGreaterThan(50);
    assertThat(none).as("cases without one").isGreaterThan(5);
  }

  private static int indexOfFirstMeeting(List<FrontierPoint> frontier) {
    for (int i = 0; i < frontier.size(); i++) {
      if (frontier.get(i).meetsSlo()) {
        return i;
      }
    }
    return -1;
  }
}
